// The package as an outside program gets it: `npm pack` (its prepack builds dist/), the tarball
// installed into an empty project under the OS's temp folder beside only the newest @trpc/client
// of the peer range and ws; then a strict `tsc --noEmit` of a TypeScript program, a plain `node`
// run of a JavaScript one against the local stack (Node 24, and Node 20: the machine's own if it
// is one, else the `node` package's), and a browser bundle of the installed package without any @trpc/server code.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { LocalStack } from '@chat/local';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestStack } from './stack.ts';

const execFileAsync = promisify(execFile);
// Without the npm_* variables of the `npm test` around this run: the temp project's npm must
// act as in a fresh shell (not on the repo's workspace or config).
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
// Each step fails on its own after 5 minutes rather than hang the hook: npm retries an unreachable
// registry for long (turbo passes a task only the variables it lists: the pack test's npm needs
// the TLS and proxy ones, see turbo.json's @chat/client#test).
const run = (file: string, args: string[], options: { cwd?: string; maxBuffer?: number } = {}) =>
  execFileAsync(file, args, { timeout: 300_000, ...options, env });
const packageDir = resolve(import.meta.dirname, '..');
const consumerDir = resolve(import.meta.dirname, 'consumer');
const project = mkdtempSync(join(tmpdir(), 'chat-client-pack-'));

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}
let packed: PackResult;
let stack: LocalStack;

beforeAll(async () => {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', project], { cwd: packageDir, maxBuffer: 16 << 20 });
  // prepack's build output comes before the JSON on stdout
  packed = (JSON.parse(stdout.slice(stdout.indexOf('[\n'))) as PackResult[])[0]!;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'outside-program', private: true, type: 'module' }));
  copyFileSync(join(consumerDir, 'run.mjs'), join(project, 'run.mjs'));
  copyFileSync(join(consumerDir, 'typed.ts'), join(project, 'typed.ts'));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'] },
      files: ['typed.ts'],
    }),
  );
  // Only the tarball comes from the repo; the rest from the registry (npm also adds the peers' own peer, @trpc/server).
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      `./${packed.filename}`,
      '@trpc/client@^11',
      'ws@^8',
      '@types/ws@^8',
      '@types/node@^22',
      'typescript@~5.9', // the repo's
      'typescript-7@npm:typescript@^7', // what npm installs as @trpc/client's peer when a project names none
    ],
    { cwd: project, maxBuffer: 16 << 20 },
  );
  stack = await startTestStack();
}, 600_000); // npm install reaches the registry: generous, on a busy machine

afterAll(async () => {
  await stack?.stop();
  rmSync(project, { recursive: true, force: true });
});

test('the tarball holds the built JavaScript, its types and the README; no sources, tests or tsconfig', () => {
  expect(packed.files.map((f) => f.path).sort()).toEqual(['README.md', 'dist/index.d.ts', 'dist/index.js', 'package.json']);
  const manifest = JSON.parse(readFileSync(join(project, 'node_modules/@chat/client/package.json'), 'utf8'));
  expect(manifest.dependencies).toEqual({ zod: expect.any(String) }); // the private contract is bundled, not depended on
  expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@trpc/client', '@trpc/server']);
  expect(manifest.private).toBeUndefined();
});

test.each(['typescript', 'typescript-7'])('a strict tsc --noEmit (%s) of a TypeScript program against the tarball’s types passes', async (typescript) => {
  const tsc = join(project, 'node_modules', typescript, 'bin/tsc');
  const { stdout: version } = await run(process.execPath, [tsc, '--version']);
  expect(version).toMatch(typescript === 'typescript' ? /^Version 5\.9\./ : /^Version 7\./);
  const result = await run(process.execPath, [tsc, '-p', project], { cwd: project }).catch((err: { stdout: string }) => err);
  expect('stdout' in result ? result.stdout : '').toBe('');
});

test('the installed package imports no @trpc/server code: a browser bundle of it has none', async () => {
  const bundle = await build({
    stdin: { contents: "export { createChatClient } from '@chat/client';", resolveDir: project },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['@trpc/client'], // the peer, which itself uses tRPC's shared client-side core
  });
  const inputs = Object.keys(bundle.metafile.inputs);
  expect(inputs.some((path) => path.includes('node_modules/@chat/client/dist/index.js'))).toBe(true);
  expect(inputs.filter((path) => path.includes('@trpc/server'))).toEqual([]);
  const imports = Object.values(bundle.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
  expect(imports).toEqual(['@trpc/client']);
});

/** Runs the JavaScript program with this node, taking the WebSocket side down and up when it asks. */
function runProgram(node: string): Promise<{ steps: Record<string, unknown>[]; code: number | null; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(node, ['run.mjs', stack.urls.api, stack.urls.ws], { cwd: project, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const steps: Record<string, unknown>[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const step = JSON.parse(line) as Record<string, unknown>;
      steps.push(step);
      if (step.step === 'drop') void stack.stopWebSocket().then(() => child.stdin.write('down\n'), reject);
      if (step.step === 'restore') void stack.startWebSocket().then(() => child.stdin.write('up\n'), reject);
    });
    child.on('close', (code) => resolveRun({ steps, code, stderr }));
  });
}

function expectTheWholeConversation(result: Awaited<ReturnType<typeof runProgram>>, via: string): void {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.steps.map((s) => s.step)).toEqual(['joined', 'received', 'edited', 'drop', 'restore', 'done']);
  expect(result.steps[0]!.via).toBe(via);
  expect(result.steps.at(-1)).toEqual({
    step: 'done',
    received: 5, // hello, its edit, the edit while down, the send while down, the one after: each once
    history: ['after the resume', 'sent while the socket was down', 'edited while the socket was down'],
  });
}

test('plain node (this Node, with its global WebSocket) runs a program: sign up, join, send, receive, edit, resume', async () => {
  expectTheWholeConversation(await runProgram(process.execPath), 'global WebSocket');
});

/** Node 20, the oldest the package supports: the machine's own when it is one, else installed beside the project. */
async function node20(): Promise<string> {
  const system = '/usr/bin/node';
  if (existsSync(system) && (await run(system, ['--version'])).stdout.startsWith('v20.')) return system;
  const prefix = join(project, 'node-20');
  await run('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', 'node@20']);
  return join(prefix, 'node_modules', '.bin', 'node');
}

test('Node 20 runs the same program with ws', async () => {
  const node = await node20();
  const { stdout } = await run(node, ['--version']);
  expect(stdout).toMatch(/^v20\./);
  expectTheWholeConversation(await runProgram(node), 'ws');
});
