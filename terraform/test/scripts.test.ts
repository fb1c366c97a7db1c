// npm run deploy / destroy: wired at the root, valid bash, clear when something is missing, and
// safe to run twice. The last part runs the real scripts from a scratch copy of the repository
// layout, with stand-ins for terraform, the AWS CLI and npm (test/stubs) first on PATH, and
// reads back what terraform was asked to do.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { repoDir, terraformDir } from './config.ts';

const scripts = ['deploy', 'destroy'] as const;
/** The environment of the machine running the tests must not pick the region. */
const cleanEnv = () => {
  const env = { ...process.env };
  for (const key of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'CHAT_REGION', 'CHAT_PREFIX', 'CHAT_STAGE', 'CHAT_ALARM_EMAIL']) delete env[key];
  return env;
};
const run = (script: string, args: string[], env: Record<string, string> = {}, dir = terraformDir) =>
  spawnSync('bash', [join(dir, 'scripts', `${script}.sh`), ...args], {
    encoding: 'utf8',
    env: { ...cleanEnv(), ...env },
    timeout: 90_000,
  });

test.each(scripts)('`npm run %s` at the root runs the script', (script) => {
  const help = spawnSync('npm', ['run', '--silent', script, '--', '--help'], { cwd: repoDir, encoding: 'utf8', env: cleanEnv(), timeout: 90_000 });
  expect(help.status, help.stderr).toBe(0);
  expect(help.stdout).toContain(`npm run ${script} -- [--region R]`);
});

test.each(scripts)('%s.sh is valid bash and explains its options', (script) => {
  for (const file of [`${script}.sh`, 'common.sh']) {
    expect(spawnSync('bash', ['-n', join(terraformDir, 'scripts', file)]).status, file).toBe(0);
  }
  const help = run(script, ['--help']);
  expect(help.status).toBe(0);
  for (const option of ['--region', '--prefix', '--stage', '--alarm-email', '--yes']) expect(help.stdout).toContain(option);
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
  expect(run('deploy', ['--region', 'Europe']).stderr).toContain("--region 'Europe' does not look like an AWS region");
  expect(run('deploy', ['--alarm-email', 'nobody']).stderr).toContain("--alarm-email 'nobody' is not an email address");
  expect(run('destroy', ['--bogus']).status).toBe(2);
});

interface TerraformCall {
  workspace: string;
  args: string[];
  vars?: Record<string, unknown>;
}

describe('with stand-ins for terraform, the AWS CLI and npm', { timeout: 180_000 }, () => {
  let root: string;
  let state: string;
  const stackFile = () => join(root, 'terraform/.stacks/chat-dev.tfvars.json');
  const stub = (script: string, args: string[], env: Record<string, string> = {}) =>
    run(script, args, { PATH: `${join(terraformDir, 'test/stubs')}:${process.env.PATH}`, STUB_STATE: state, ...env }, join(root, 'terraform'));
  const calls = (): TerraformCall[] =>
    existsSync(join(state, 'terraform.log'))
      ? readFileSync(join(state, 'terraform.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TerraformCall)
      : [];
  const applies = () => calls().filter((c) => c.args[0] === 'apply');
  const record = () => JSON.parse(readFileSync(stackFile(), 'utf8')) as Record<string, unknown>;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'chat-deploy-'));
    state = join(root, 'stub-state');
    mkdirSync(state);
    cpSync(join(terraformDir, 'scripts'), join(root, 'terraform/scripts'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('the region given first binds the stack: a second deploy without --region stays there', () => {
    const first = stub('deploy', ['--region', 'eu-west-1']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Deployed chat-dev in eu-west-1');
    expect(record()).toEqual({ region: 'eu-west-1', name_prefix: 'chat', stage: 'dev' });

    // The shell says us-east-1 now (what the old script fell back to): the stack does not move.
    const second = stub('deploy', [], { AWS_REGION: 'us-east-1' });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/region eu-west-1 \(recorded in terraform\/\.stacks\/chat-dev\.tfvars\.json\)/);
    expect(applies().map((a) => [a.workspace, a.vars?.region])).toEqual([
      ['chat-dev', 'eu-west-1'],
      ['chat-dev', 'eu-west-1'],
    ]);
  });

  test('another --region for a deployed stack is refused, and nothing is applied', () => {
    expect(stub('deploy', ['--region', 'eu-west-1']).status).toBe(0);
    const moved = stub('deploy', ['--region', 'us-east-1']);
    expect(moved.status).toBe(1);
    expect(moved.stderr).toContain('stack chat-dev lives in eu-west-1');
    expect(moved.stderr).toContain('it cannot move to us-east-1');
    expect(applies()).toHaveLength(1);
    expect(stub('destroy', ['--region', 'us-east-1', '--yes']).status).toBe(1);
    expect(calls().filter((c) => c.args[0] === 'destroy')).toEqual([]);
  });

  test('without the record, the region in the stack’s state binds it (and the record is written again)', () => {
    expect(stub('deploy', ['--region', 'eu-west-1']).status).toBe(0);
    rmSync(stackFile());
    const again = stub('deploy', [], { AWS_REGION: 'us-east-1' });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("region eu-west-1 (recorded in the stack's Terraform state)");
    expect(applies().at(-1)?.vars?.region).toBe('eu-west-1');
    expect(record().region).toBe('eu-west-1');
    expect(stub('deploy', ['--region', 'ap-south-1']).stderr).toContain('stack chat-dev lives in eu-west-1');
  });

  test('a stack deployed before the region was recorded needs --region once, then keeps it', () => {
    expect(stub('deploy', ['--region', 'eu-west-1']).status).toBe(0);
    // What an older deploy left: state with resources, no record, no region output.
    rmSync(stackFile());
    const db = JSON.parse(readFileSync(join(state, 'terraform.json'), 'utf8')) as { workspaces: Record<string, { outputs: Record<string, string> }> };
    delete db.workspaces['chat-dev']!.outputs.region;
    writeFileSync(join(state, 'terraform.json'), JSON.stringify(db));

    const guessed = stub('deploy', [], { AWS_REGION: 'us-east-1' });
    expect(guessed.status).toBe(1);
    expect(guessed.stderr).toContain('its region is not recorded');
    expect(applies()).toHaveLength(1);
    expect(stub('deploy', ['--region', 'eu-west-1']).status).toBe(0);
    expect(record().region).toBe('eu-west-1');
  });

  test('a new stack takes the AWS CLI’s region: AWS_REGION, AWS_DEFAULT_REGION, then the profile’s; none is refused', () => {
    const profile = stub('deploy', [], { STUB_PROFILE_REGION: 'ap-south-1' });
    expect(profile.status, profile.stderr).toBe(0);
    expect(profile.stdout).toContain('region ap-south-1 (aws configure get region)');
    expect(applies().at(-1)?.vars?.region).toBe('ap-south-1');

    const env = stub('deploy', ['--stage', 'two'], { AWS_DEFAULT_REGION: 'eu-north-1', STUB_PROFILE_REGION: 'ap-south-1' });
    expect(env.status, env.stderr).toBe(0);
    expect(applies().at(-1)).toMatchObject({ workspace: 'chat-two', vars: { region: 'eu-north-1', stage: 'two' } });

    const none = stub('deploy', ['--stage', 'three']);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('no region: pass --region');
    expect(applies().filter((a) => a.workspace === 'chat-three')).toEqual([]);
  });

  test('the alarm email and variables added to the record by hand are kept for later deploys', () => {
    expect(stub('deploy', ['--region', 'eu-west-1', '--alarm-email', 'ops@example.com']).status).toBe(0);
    writeFileSync(stackFile(), JSON.stringify({ ...record(), api_memory_mb: 2048 }));
    expect(stub('deploy', []).status).toBe(0);
    expect(applies().map((a) => a.vars?.alarm_email)).toEqual(['ops@example.com', 'ops@example.com']);
    expect(applies().at(-1)?.vars).toMatchObject({ api_memory_mb: 2048 });
    expect(stub('deploy', ['--alarm-email', '']).status).toBe(0);
    expect(applies().at(-1)?.vars).not.toHaveProperty('alarm_email');
    expect(record()).toEqual({ region: 'eu-west-1', name_prefix: 'chat', stage: 'dev', api_memory_mb: 2048 });
  });

  test('destroy turns the tables’ deletion protection off, on the tables only, then destroys the stack in its region', () => {
    expect(stub('deploy', ['--region', 'eu-west-1']).status).toBe(0);
    const before = calls().length;
    const destroyed = stub('destroy', ['--yes'], { AWS_REGION: 'us-east-1' });
    expect(destroyed.status, destroyed.stderr).toBe(0);
    const made = calls().slice(before).filter((c) => c.args[0] === 'apply' || c.args[0] === 'destroy');
    expect(made.map((c) => c.args[0])).toEqual(['apply', 'destroy']);
    const [unprotect, destroy] = made;
    expect(unprotect!.vars).toMatchObject({ region: 'eu-west-1', deletion_protection: 'false' });
    expect(unprotect!.args.filter((a) => a.startsWith('-target=')).sort()).toEqual([
      '-target=aws_dynamodb_table.connections',
      '-target=aws_dynamodb_table.messages',
      '-target=aws_dynamodb_table.users',
    ]);
    expect(destroy!.vars).toMatchObject({ region: 'eu-west-1', deletion_protection: 'false' });
    expect(existsSync(stackFile())).toBe(false);
    expect(stub('destroy', ['--yes']).stdout).toContain('No stack chat-dev in this Terraform state: nothing to destroy.');
  });

  test('destroy asks for the stack’s name and deletes nothing without it', () => {
    expect(stub('deploy', ['--region', 'eu-west-1']).status).toBe(0);
    const refused = spawnSync('bash', [join(root, 'terraform/scripts/destroy.sh')], {
      encoding: 'utf8',
      input: 'chat-prod\n',
      env: { ...cleanEnv(), PATH: `${join(terraformDir, 'test/stubs')}:${process.env.PATH}`, STUB_STATE: state },
      timeout: 90_000,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('not confirmed; nothing was deleted');
    expect(calls().filter((c) => c.args[0] === 'destroy')).toEqual([]);
    expect(record().region).toBe('eu-west-1');
  });
});
