// Each function runs its bundle (the handler's file is in the zip and exports `handler`), within
// the size budget, with every environment variable its code reads on AWS.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { envKeys as apiEnvKeys, parseEnv as parseApiEnv } from '@chat/api/env';
import { BUDGET_BYTES, readZip } from '@chat/lambda-bundle';
import { envKeys as wsEnvKeys, parseEnv as parseWsEnv } from '@chat/ws/env';
import { describe, expect, test } from 'vitest';
import { block, loadTerraform, reference, resource, terraformDir } from './config.ts';

const tf = await loadTerraform();

/**
 * Every variable of each env schema, decided: `set` by Terraform, left to a `default` that is
 * right on AWS, set by the Lambda `runtime`, or `localOnly` (must not be set on AWS).
 */
const envPlan = {
  api: {
    set: ['USERS_TABLE', 'MESSAGES_TABLE', 'CONNECTIONS_TABLE', 'JWT_SECRET_PARAMETER', 'CORS_ORIGINS'],
    default: ['TOKEN_TTL_SECONDS', 'BCRYPT_COST'],
    runtime: ['AWS_REGION'],
    localOnly: ['DYNAMODB_ENDPOINT', 'JWT_SECRET', 'AWS_ENDPOINT_URL_SSM', 'PORT'],
    keys: apiEnvKeys as readonly string[],
    parse: parseApiEnv as (env: Record<string, string>) => unknown,
  },
  ws: {
    set: ['USERS_TABLE', 'MESSAGES_TABLE', 'CONNECTIONS_TABLE', 'JWT_SECRET_PARAMETER', 'WS_MANAGEMENT_ENDPOINT'],
    default: ['POST_TIMEOUT_MS', 'FANOUT_CONCURRENCY', 'CONNECTION_TTL_SECONDS'],
    runtime: ['AWS_REGION'],
    localOnly: ['DYNAMODB_ENDPOINT', 'JWT_SECRET', 'AWS_ENDPOINT_URL_SSM'],
    keys: wsEnvKeys as readonly string[],
    parse: parseWsEnv as (env: Record<string, string>) => unknown,
  },
};
/** Read by the runtime and Powertools, not by the env schema. */
const runtimeSettings = ['NODE_OPTIONS', 'POWERTOOLS_LOG_LEVEL'];

/** `${path.module}/../apps/api/dist/lambda.zip` -> an absolute path. */
function zipPath(filename: unknown): string {
  const local = /^\$\{local\.(\w+)\}$/.exec(String(filename))?.[1];
  const path = String(local ? tf.locals[local] : filename);
  if (!path.startsWith('${path.module}/')) throw new Error(`${path}: expected a path under \${path.module}`);
  return join(terraformDir, path.slice('${path.module}/'.length));
}

describe.each(['api', 'ws'] as const)('the %s function', (app) => {
  const fn = resource(tf, `aws_lambda_function.${app}`);
  const env = block(fn, 'environment').variables as Record<string, string>;
  const plan = envPlan[app];

  test('Node.js 22 on arm64', () => {
    expect(fn.runtime).toBe('nodejs22.x');
    expect(fn.architectures).toEqual(['arm64']);
  });

  test('its handler is a file of its bundle that exports `handler`, and the zip is what changes its hash', () => {
    const [file, exported] = String(fn.handler).split('.');
    expect(exported).toBe('handler');
    const zip = zipPath(fn.filename);
    expect(zip).toBe(join(terraformDir, `../apps/${app}/dist/lambda.zip`));
    const entries = readZip(zip);
    const code = new TextDecoder().decode(entries[`${file}.mjs`]);
    expect(code.length, `${file}.mjs is not in ${zip}: ${Object.keys(entries).join(', ')}`).toBeGreaterThan(0);
    expect(code).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}|export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(fn.source_code_hash).toBe(`\${filebase64sha256(${String(fn.filename).slice(2, -1)})}`);
  });

  test(`the zip is within the budget of ${BUDGET_BYTES / 1024} KB`, () => {
    expect(statSync(zipPath(fn.filename)).size).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  test('every variable of the env schema is decided: set, defaulted, from the runtime, or local only', () => {
    const decided = [...plan.set, ...plan.default, ...plan.runtime, ...plan.localOnly];
    expect(new Set(decided).size).toBe(decided.length);
    expect([...decided].sort()).toEqual([...plan.keys].sort());
  });

  test('sets every variable it must, and only variables the code or the runtime reads', () => {
    for (const key of plan.set) expect(env, `${key} is not set`).toHaveProperty(key);
    for (const key of [...plan.localOnly, ...plan.runtime]) expect(env, `${key} must not be set on AWS`).not.toHaveProperty(key);
    for (const key of Object.keys(env)) expect([...plan.set, ...plan.default, ...runtimeSettings]).toContain(key);
  });

  test('its variables point at the right resources and pass the env schema', () => {
    for (const table of ['users', 'messages', 'connections']) {
      expect(reference(env[`${table.toUpperCase()}_TABLE`])).toBe(`aws_dynamodb_table.${table}.name`);
    }
    expect(reference(env.JWT_SECRET_PARAMETER)).toBe('aws_ssm_parameter.jwt_secret.name');
    // With every expression replaced by a plausible value, and what the runtime sets.
    const plausible = Object.fromEntries(
      Object.entries(env).map(([k, v]) => [k, k === 'CORS_ORIGINS' ? 'https://d111111abcdef8.cloudfront.net' : v.replace(/\$\{[^}]+\}/g, 'x')]),
    );
    expect(() => plan.parse({ ...plausible, AWS_REGION: 'eu-west-1' })).not.toThrow();
  });

  test('logs to its own log group, with a retention', () => {
    const group = reference(block(fn, 'logging_config').log_group);
    expect(group).toBe(`aws_cloudwatch_log_group.${app}.name`);
    const logGroup = resource(tf, `aws_cloudwatch_log_group.${app}`);
    expect(logGroup.name).toBe(`/aws/lambda/${String(fn.function_name)}`);
    expect(reference(logGroup.retention_in_days)).toBe('var.log_retention_days');
  });

  test('never holds the JWT secret itself', () => {
    expect(JSON.stringify(fn)).not.toMatch(/random_password|jwt_secret\.value/);
  });
});

test('the bundles are written where the apps’ build scripts write them', () => {
  for (const app of ['api', 'ws']) {
    const pkg = JSON.parse(readFileSync(join(terraformDir, `../apps/${app}/package.json`), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toContain('--outdir dist');
  }
});
