// The two production builds of the web app that the web benchmark compares: the working tree's
// and an older commit's. Each is `vite build` into a temp folder (never over apps/web/dist, which
// `npm start` may be serving). The old commit's sources come from `git archive`, so nothing of the
// repository's own worktrees changes; its node_modules is a farm of links to the repository's,
// except the workspaces (@chat/*), which point into the old tree so that it bundles its own
// contract, not today's.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

export const repoRoot = resolve(import.meta.dirname, '../../..');

const run = promisify(execFile);

export interface WebBuild {
  /** What the report calls it: "old" or "new". */
  name: string;
  /** The commit (old) or "working tree" (new). */
  source: string;
  /** The folder with index.html. */
  dir: string;
}

/** `vite build` of the app in `webDir` into `outDir`, with the vite that app depends on. */
async function viteBuild(webDir: string, outDir: string): Promise<void> {
  const viteBin = join(dirname(createRequire(join(webDir, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  const child = spawn(process.execPath, [viteBin, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: webDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const code = await new Promise<number | null>((done, fail) => child.once('error', fail).once('exit', done));
  if (code !== 0) throw new Error(`vite build in ${webDir} failed (exit ${code})\n${output}`);
}

/** Links every package of `from` into `to`, but the workspaces, whose relative links are kept (they then resolve inside `to`'s tree). */
function linkNodeModules(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry === '@chat') {
      mkdirSync(join(to, entry));
      for (const workspace of readdirSync(join(from, entry))) {
        symlinkSync(readlinkSync(join(from, entry, workspace)), join(to, entry, workspace));
      }
    } else {
      symlinkSync(join(from, entry), join(to, entry));
    }
  }
}

export interface Builds {
  old: WebBuild;
  new: WebBuild;
  /** Removes the temp folders. */
  remove(): void;
}

/** Builds the working tree's web app and `oldRev`'s (a commit, branch or tag), one after the other. */
export async function makeBuilds(oldRev: string, log: (line: string) => void): Promise<Builds> {
  const root = mkdtempSync(join(tmpdir(), 'chat-bench-web-'));
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    const { stdout } = await run('git', ['rev-parse', '--short', `${oldRev}^{commit}`], { cwd: repoRoot });
    const commit = stdout.trim();
    const oldTree = join(root, 'old-tree');
    mkdirSync(oldTree);
    await run('sh', ['-c', `git archive ${commit} | tar -x -C '${oldTree}'`], { cwd: repoRoot });
    linkNodeModules(join(repoRoot, 'node_modules'), join(oldTree, 'node_modules'));

    const builds = {
      old: { name: 'old', source: commit, dir: join(root, 'old') },
      new: { name: 'new', source: 'working tree', dir: join(root, 'new') },
    };
    let started = Date.now();
    await viteBuild(join(oldTree, 'apps/web'), builds.old.dir);
    log(`web: built the old app (${commit}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
    await viteBuild(join(repoRoot, 'apps/web'), builds.new.dir);
    log(`web: built the new app (working tree) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { ...builds, remove };
  } catch (err) {
    remove();
    throw err;
  }
}

/** Bytes of the JavaScript a first load of index.html fetches (its entry and preloaded chunks), gzip-compressed, and of all chunks. */
export function scriptSizes(build: WebBuild): { upFrontGzip: number; allGzip: number } {
  const gzipped = (file: string) => gzipSync(readFileSync(join(build.dir, file))).length;
  const html = readFileSync(join(build.dir, 'index.html'), 'utf8');
  const upFront = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const all = readdirSync(join(build.dir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  const sum = (files: string[]) => files.reduce((total, f) => total + gzipped(f), 0);
  return { upFrontGzip: sum(upFront), allGzip: sum(all) };
}
