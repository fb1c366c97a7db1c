// Each function runs its bundle (built by the app's build script, where Terraform reads it, on
// the Node.js major esbuild targets), within the size budget, with the environment its env
// schema needs on AWS: the variables it sets are read by the code and reach the resources
// Terraform declares.
import { readFileSync, statSync } from 'node:fs';
import { envKeys as apiEnvKeys, parseEnv as parseApiEnv } from '@chat/api/env';
import { BUDGET_BYTES, NODE_TARGET, readZip } from '@chat/lambda-bundle';
import { tableKeys, tableNamesFor } from '@chat/db';
import { envKeys as wsEnvKeys, parseEnv as parseWsEnv } from '@chat/ws/env';
import { describe, expect, inject, test } from 'vitest';
import { block, loadTerraform, reference, resource } from './config.ts';
import { evaluate, sampleVariables, zipPath } from './evaluate.ts';

const tf = await loadTerraform();

test('the tests run on the Node.js major the functions run on: the root pins it as the `node` devDependency', () => {
  const runtimes = ['api', 'ws'].map((app) => evaluate(tf, resource(tf, `aws_lambda_function.${app}`).runtime));
  const major = /^nodejs(\d+)\.x$/.exec(runtimes[0]!)?.[1];
  expect(runtimes).toEqual([`nodejs${major}.x`, `nodejs${major}.x`]);
  console.log(`process.version in this test: ${process.version}; Lambda runtime ${runtimes[0]}`);
  expect(process.versions.node.split('.')[0]).toBe(major);
  const root = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { devDependencies: Record<string, string> };
  expect(root.devDependencies.node?.split('.')[0]).toBe(major);
});

const apps = {
  api: { keys: apiEnvKeys as readonly string[], parse: parseApiEnv as (env: Record<string, string>) => Record<string, unknown> },
  ws: { keys: wsEnvKeys as readonly string[], parse: parseWsEnv as (env: Record<string, string>) => Record<string, unknown> },
};
/** Set by the Lambda runtime itself: Terraform must not set them. */
const runtimeSet = ['AWS_REGION'];
/** Local stand-ins (DynamoDB Local, the key itself, an SSM stand-in, a port): never on AWS. */
const localOnly = ['DYNAMODB_ENDPOINT', 'JWT_SECRET', 'AWS_ENDPOINT_URL_SSM', 'PORT'];
/** Read by the Node.js runtime and Powertools, not by the env schema. */
const runtimeSettings = ['NODE_OPTIONS', 'POWERTOOLS_LOG_LEVEL'];
describe.each(['api', 'ws'] as const)('the %s function', (app) => {
  const fn = resource(tf, `aws_lambda_function.${app}`);
  const env = block(fn, 'environment').variables as Record<string, string>;
  const { keys, parse } = apps[app];
  const schemaSet = Object.keys(env).filter((key) => keys.includes(key));
  /** The environment the function gets on AWS: Terraform's, evaluated, plus what Lambda sets. */
  const awsEnv: Record<string, string> = { ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, evaluate(tf, v)])), AWS_REGION: sampleVariables.region! };

  test('runs on the Node.js major esbuild targets, on an architecture the bundle does not tie it to', () => {
    const major = /^node(\d+)$/.exec(NODE_TARGET)?.[1];
    expect(major, NODE_TARGET).toBeDefined();
    expect(evaluate(tf, fn.runtime)).toBe(`nodejs${major!}.x`);
    expect(fn.architectures).toHaveLength(1);
    // Plain JavaScript runs on either; a native addon would fix the architecture.
    expect(['arm64', 'x86_64']).toContain((fn.architectures as string[])[0]);
    expect(Object.keys(readZip(zipPath(tf, fn.filename))).filter((entry) => entry.endsWith('.node'))).toEqual([]);
  });

  test('its handler is a file of the bundle this run’s build wrote, exporting `handler`; the zip is what changes its hash', () => {
    const [file, exported] = String(fn.handler).split('.');
    expect(exported).toBe('handler');
    const zip = zipPath(tf, fn.filename);
    expect(statSync(zip).mtimeMs, `${zip} was not written by this run's \`npm run build -w @chat/${app}\``).toBeGreaterThanOrEqual(inject('bundlesBuiltAt'));
    const entries = readZip(zip);
    const code = new TextDecoder().decode(entries[`${file}.mjs`]);
    expect(code.length, `${file}.mjs is not in ${zip}: ${Object.keys(entries).join(', ')}`).toBeGreaterThan(0);
    expect(code).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}|export\s*\{[^}]*\bhandler\b[^}]*\}/);
    expect(fn.source_code_hash).toBe(`\${filebase64sha256(${String(fn.filename).slice(2, -1)})}`);
  });

  test(`the zip is within the budget of ${BUDGET_BYTES / 1024} KB`, () => {
    expect(statSync(zipPath(tf, fn.filename)).size).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  test('sets only variables its env schema or the runtime reads, never one Lambda sets or a local stand-in', () => {
    for (const key of Object.keys(env)) expect([...keys, ...runtimeSettings], key).toContain(key);
    for (const key of [...runtimeSet, ...localOnly]) expect(env, `${key} must not be set on AWS`).not.toHaveProperty(key);
  });

  test('passes its env schema, which then reads the tables and the key parameter Terraform declares', () => {
    const parsed = parse(awsEnv);
    for (const table of tableKeys) {
      expect(parsed[`${table.toUpperCase()}_TABLE`], table).toBe(evaluate(tf, resource(tf, `aws_dynamodb_table.${table}`).name));
    }
    expect(parsed.JWT_SECRET_PARAMETER).toBe(evaluate(tf, resource(tf, 'aws_ssm_parameter.jwt_secret').name));
    // The evaluation itself: the default stack's names, as the local runtime derives them.
    const defaults = (name: string) => String(tf.variables.get(name)?.default);
    expect(parsed.USERS_TABLE).toBe(tableNamesFor(`${defaults('name_prefix')}-${defaults('stage')}-`).users);
  });

  test('each variable it sets matters: without it the schema refuses to start or reads another value', () => {
    expect(schemaSet.length).toBeGreaterThan(0);
    const parsed = parse(awsEnv);
    for (const key of schemaSet) {
      const { [key]: _dropped, ...without } = awsEnv;
      let changed: boolean;
      try {
        changed = JSON.stringify(parse(without)) !== JSON.stringify(parsed);
      } catch {
        changed = true;
      }
      expect(changed, `${key} is set to what the schema would read anyway`).toBe(true);
    }
  });

  test('samples debug logs: POWERTOOLS_LOGGER_SAMPLE_RATE is var.log_sample_rate, a share its schema takes', () => {
    expect(env.POWERTOOLS_LOGGER_SAMPLE_RATE).toBe('${var.log_sample_rate}');
    const rate = Number(tf.variables.get('log_sample_rate')?.default);
    expect(rate).toBeGreaterThan(0);
    expect(rate).toBeLessThanOrEqual(1);
    expect(parse(awsEnv).POWERTOOLS_LOGGER_SAMPLE_RATE).toBe(rate);
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
