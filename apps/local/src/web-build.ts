// `npm start` serves the web app's production build; this keeps that build up to date, so a
// fresh clone (or a pull that changed the app) gets a working chat without a separate step.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** What the build is made from: the app itself and the contract it bundles. */
function sourcesOf(webDir: string): string[] {
  return [
    join(webDir, 'src'),
    join(webDir, 'public'),
    join(webDir, 'index.html'),
    join(webDir, 'vite.config.ts'),
    join(webDir, 'package.json'),
    resolve(webDir, '../../packages/contract/src'),
  ];
}

/** The newest modification time under `path` (0 when it does not exist). */
function newestMtime(path: string): number {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when `outDir` has no build or one older than a source file. */
export function webBuildIsStale(webDir: string, outDir = join(webDir, 'dist')): boolean {
  const built = newestMtime(join(outDir, 'index.html'));
  if (built === 0) return true;
  return sourcesOf(webDir).some((source) => newestMtime(source) > built);
}

/** Runs `vite build` in the web app's folder, with the vite it depends on; rejects with its output. */
export async function buildWebApp(webDir: string): Promise<void> {
  const vitePackage = createRequire(join(webDir, 'package.json')).resolve('vite/package.json');
  const viteBin = join(dirname(vitePackage), 'bin', 'vite.js');
  const child = spawn(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
    cwd: webDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const code = await new Promise<number | null>((resolveExit, reject) => {
    child.once('error', reject);
    child.once('exit', resolveExit);
  });
  if (code !== 0) throw new Error(`vite build failed (exit ${code})\n${output}`);
}
