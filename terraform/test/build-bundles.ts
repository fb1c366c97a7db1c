// Vitest globalSetup: builds both Lambda bundles once per run with the apps' own build scripts
// (what `npm run build` and the deploy run), so the tests read the zips Terraform would upload,
// where those scripts put them. esbuild takes about a second each.
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { repoDir } from './config.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** When this run's build started (epoch ms): a zip older than that was not built by it. */
    bundlesBuiltAt: number;
  }
}

export default function buildBundles(project: TestProject) {
  // File systems keep mtimes at a coarser grain than Date.now(): allow one second.
  project.provide('bundlesBuiltAt', Date.now() - 1000);
  const output = execFileSync('npm', ['run', 'build', '--silent', '-w', '@chat/api', '-w', '@chat/ws'], { cwd: repoDir, encoding: 'utf8' });
  console.log(output.trim());
}
