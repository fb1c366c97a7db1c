// Vitest globalSetup of the browser tests: one production build of the web app, into a temp
// folder (never over the dist/ that `npm start` may be serving), handed to the tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import './provided.ts';

export default async function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, '../..');
  const outDir = mkdtempSync(join(tmpdir(), 'chat-web-build-'));
  // Vitest runs with NODE_ENV=test, which would make this a development build of React.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  project.provide('webDist', outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
