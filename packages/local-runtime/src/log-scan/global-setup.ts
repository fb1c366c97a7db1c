// Vitest globalSetup of the log scan: a directory for this run under the OS temp dir, where each
// test file's capture (capture.ts) writes how many lines it scanned; at the end, the total.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'chat-log-scan-'));
  project.provide('logScanDir', dir);
  return () => {
    const files = readdirSync(dir).flatMap((name) =>
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { file: string; lines: number; findings: number }),
    );
    rmSync(dir, { recursive: true, force: true });
    const lines = files.reduce((sum, f) => sum + f.lines, 0);
    const findings = files.reduce((sum, f) => sum + f.findings, 0);
    console.log(
      `log scan: ${lines} log lines of ${files.length} test files read; ${findings === 0 ? 'no' : findings} password, key, token, ticket, bcrypt hash or email address in them`,
    );
  };
}
