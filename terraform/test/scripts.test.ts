// npm run deploy / destroy: wired at the root, valid bash, and clear when something is missing.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoDir, terraformDir } from './config.ts';

const scripts = ['deploy', 'destroy'] as const;
const run = (script: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync('bash', [join(terraformDir, 'scripts', `${script}.sh`), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 20_000,
  });

test('the root package.json runs them', () => {
  const pkg = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  for (const script of scripts) expect(pkg.scripts[script]).toBe(`bash terraform/scripts/${script}.sh`);
});

test.each(scripts)('%s.sh is valid bash and explains its options', (script) => {
  for (const file of [`${script}.sh`, 'common.sh']) {
    expect(spawnSync('bash', ['-n', join(terraformDir, 'scripts', file)]).status, file).toBe(0);
  }
  const help = run(script, ['--help']);
  expect(help.status).toBe(0);
  for (const option of ['--region', '--prefix', '--stage']) expect(help.stdout).toContain(option);
});

test.each(scripts)('%s.sh stops with a clear message when terraform is missing', (script) => {
  const result = run(script, ['--region', 'eu-west-1'], { AWS_CLI: 'node', TERRAFORM: 'chat-no-such-terraform' });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/terraform .*not found: install 1\.11 or later/);
});

test('bad options are refused before anything runs', () => {
  const result = run('deploy', ['--prefix', 'Not_Valid']);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("--prefix 'Not_Valid'");
  expect(run('destroy', ['--bogus']).status).toBe(2);
});
