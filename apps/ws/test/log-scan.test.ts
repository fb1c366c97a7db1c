// The log scan can fail: a child Vitest runs it over a file that logs secrets through a plain
// Powertools Logger (the file fails, the secrets named by kind and never printed) and over one
// that logs the same through the ws logger (redacted: it passes).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { secrets } from './log-scan/secrets.ts';

const run = promisify(execFile);

test('the scan fails the file whose log lines hold a token, a bcrypt hash and an email, and passes the redacted one', async () => {
  const vitest = new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
  const config = new URL('./log-scan/vitest.config.ts', import.meta.url).pathname;
  const child = await run(process.execPath, [vitest, 'run', '--config', config, '--reporter', 'verbose'], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  }).then(
    () => ({ failed: false, output: '' }),
    (err: { stdout: string; stderr: string }) => ({ failed: true, output: err.stdout + err.stderr }),
  );
  expect(child.failed).toBe(true);
  expect(child.output).toMatch(/FAIL\s+leaks\.fixture\.ts/);
  expect(child.output).not.toMatch(/FAIL\s+redacted\.fixture\.ts/);
  expect(child.output).toMatch(/log scan: 3 secret\(s\) in the log lines of this file/);
  for (const kind of ['a JWT', 'a bcrypt hash', 'an email address']) expect(child.output).toContain(kind);
  expect(child.output).toMatch(/log scan: \d+ log lines of 2 test files read; 3 password/);
  // Named, never printed again: only the leaky logger's own line (kept by the child's terminal) holds them.
  const reports = child.output.split('\n').filter((line) => line.includes('log scan'));
  for (const secret of Object.values(secrets)) expect(reports.join('\n')).not.toContain(secret);
});
