// The Terraform in this directory as data: every .tf file parsed with @cdktf/hcl2json, every
// .tf.json file read as JSON, merged and normalized (one object per resource; nested blocks
// as arrays; expressions as the "${...}" strings hcl2json gives).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';

export const terraformDir = fileURLToPath(new URL('..', import.meta.url));
export const repoDir = fileURLToPath(new URL('../..', import.meta.url));

export type Block = Record<string, unknown>;

export interface TerraformConfig {
  /** "aws_lambda_function.api" -> its arguments. */
  resources: Map<string, Block>;
  /** "aws_iam_policy_document.api" -> its arguments. */
  data: Map<string, Block>;
  /** "random_password.jwt_secret" -> its arguments (ephemeral resources: never in state). */
  ephemeral: Map<string, Block>;
  locals: Record<string, unknown>;
  variables: Map<string, Block>;
  outputs: Map<string, Block>;
  /** file name -> raw parse, for file-level checks. */
  files: Map<string, Block>;
}

const single = (value: unknown): Block => (Array.isArray(value) ? (value[0] as Block) : (value as Block));

export async function loadTerraform(dir = terraformDir): Promise<TerraformConfig> {
  const config: TerraformConfig = {
    resources: new Map(),
    data: new Map(),
    ephemeral: new Map(),
    locals: {},
    variables: new Map(),
    outputs: new Map(),
    files: new Map(),
  };
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.tf') && !file.endsWith('.tf.json')) continue;
    const text = readFileSync(`${dir}/${file}`, 'utf8');
    const parsed = (file.endsWith('.json') ? JSON.parse(text) : await parse(file, text)) as Block;
    config.files.set(file, parsed);
    for (const [kind, target] of [
      ['resource', config.resources],
      ['data', config.data],
      ['ephemeral', config.ephemeral],
    ] as const) {
      for (const [type, byName] of Object.entries((parsed[kind] ?? {}) as Record<string, Record<string, unknown>>)) {
        for (const [name, body] of Object.entries(byName)) {
          const key = `${type}.${name}`;
          if (target.has(key)) throw new Error(`${kind} ${key} is declared twice (again in ${file})`);
          target.set(key, single(body));
        }
      }
    }
    // hcl2json gives a list of locals blocks; a .tf.json file one object.
    for (const locals of [parsed.locals ?? []].flat() as Block[]) Object.assign(config.locals, locals);
    for (const [kind, target] of [
      ['variable', config.variables],
      ['output', config.outputs],
    ] as const) {
      for (const [name, body] of Object.entries((parsed[kind] ?? {}) as Record<string, unknown>)) target.set(name, single(body));
    }
  }
  return config;
}

export function resource(config: TerraformConfig, key: string): Block {
  const found = config.resources.get(key);
  if (!found) throw new Error(`no resource ${key}`);
  return found;
}

export function ephemeralResource(config: TerraformConfig, key: string): Block {
  const found = config.ephemeral.get(key);
  if (!found) throw new Error(`no ephemeral ${key}`);
  return found;
}

export function dataSource(config: TerraformConfig, key: string): Block {
  const found = config.data.get(key);
  if (!found) throw new Error(`no data source ${key}`);
  return found;
}

export function resourcesOfType(config: TerraformConfig, type: string): [string, Block][] {
  return [...config.resources].filter(([key]) => key.startsWith(`${type}.`)).map(([key, body]) => [key.slice(type.length + 1), body]);
}

/** A nested block (hcl2json and .tf.json both give arrays of them). */
export function blocks(parent: Block, name: string): Block[] {
  const value = parent[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as Block[];
}

export function block(parent: Block, name: string): Block {
  const [first, ...rest] = blocks(parent, name);
  if (!first || rest.length) throw new Error(`expected exactly one ${name} block`);
  return first;
}

/** "${aws_iam_role.api.arn}" -> "aws_iam_role.api.arn"; anything else -> undefined. */
export function reference(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /^\$\{([A-Za-z0-9_.\-[\]"]+)\}$/.exec(value) : null;
  return match?.[1];
}

/** `${toset(local.x)}` / `${local.x}` -> the literal list local.x names. */
export function localList(config: TerraformConfig, expression: unknown): string[] {
  const match = typeof expression === 'string' ? /^\$\{(?:toset\()?local\.([a-z_]+)\)?\}$/.exec(expression) : null;
  const value = match?.[1] ? config.locals[match[1]] : undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new Error(`${String(expression)} is not a literal list in locals`);
  }
  return value as string[];
}
