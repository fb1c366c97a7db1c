// With no terraform binary to run `validate`, the next best: every reference names something
// declared, and the references form no cycle (Terraform refuses a cycle at plan time).
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { loadTerraform, terraformDir } from './config.ts';

const tf = await loadTerraform();

/** Every string holding an expression (references appear only inside `${...}`). */
function expressions(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('${') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(expressions);
  if (value && typeof value === 'object') return Object.values(value).flatMap(expressions);
  return [];
}

/** What a block refers to: resource / data / ephemeral keys, var.x, local.x. */
function referencesOf(value: unknown): Set<string> {
  const refs = new Set<string>();
  for (const expression of expressions(value)) {
    for (const m of expression.matchAll(/\b(data\.|ephemeral\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([a-z_][a-z0-9_]*)/g)) {
      refs.add(`${m[1] ?? ''}${m[2]}.${m[3]}`);
    }
    for (const m of expression.matchAll(/\b(var|local)\.([a-z_][a-z0-9_]*)/g)) refs.add(`${m[1]}.${m[2]}`);
  }
  // .tf.json writes depends_on without ${}.
  const dependsOn = (value as { depends_on?: unknown } | null)?.depends_on;
  if (Array.isArray(dependsOn)) for (const d of dependsOn) refs.add(String(d).replace(/^\$\{(.*)\}$/, '$1'));
  return refs;
}

const nodes = new Map<string, Set<string>>();
for (const [key, body] of tf.resources) nodes.set(key, referencesOf(body));
for (const [key, body] of tf.data) nodes.set(`data.${key}`, referencesOf(body));
for (const [key, body] of tf.ephemeral) nodes.set(`ephemeral.${key}`, referencesOf(body));
for (const [name, value] of Object.entries(tf.locals)) nodes.set(`local.${name}`, referencesOf(value));
for (const name of tf.variables.keys()) nodes.set(`var.${name}`, new Set());
const outputs = [...tf.outputs].map(([name, body]) => [name, referencesOf(body)] as const);

test('every reference names a declared resource, data source, ephemeral resource, variable or local', () => {
  const missing: string[] = [];
  for (const [from, refs] of [...nodes, ...outputs]) for (const ref of refs) if (!nodes.has(ref)) missing.push(`${from} -> ${ref}`);
  expect(missing).toEqual([]);
  expect(nodes.size).toBeGreaterThan(40);
});

test('the references form no cycle', () => {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[] = [];
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
      return;
    }
    state.set(node, 'visiting');
    for (const next of nodes.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of nodes.keys()) visit(node, []);
  expect(cycles).toEqual([]);
});

test('every variable is used', () => {
  const used = new Set([...nodes.values(), ...outputs.map(([, refs]) => refs)].flatMap((refs) => [...refs]));
  for (const name of tf.variables.keys()) expect(used, `var.${name}`).toContain(`var.${name}`);
});

let terraform = false;
try {
  execFileSync('terraform', ['version'], { stdio: 'ignore' });
  terraform = true;
} catch {
  // not installed: the parse above is the check
}

test.runIf(terraform)('terraform fmt finds nothing to change (where terraform is installed)', () => {
  expect(() => execFileSync('terraform', ['fmt', '-check', '-diff'], { cwd: terraformDir, stdio: 'pipe' })).not.toThrow();
});
