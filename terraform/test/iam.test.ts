// Each function's role grants what its code calls and nothing wider. The expected list is
// derived from the code (test/code-access.ts) and from the Terraform that wires the function
// (its log group, its SSM parameter, its event source mapping, its WebSocket API).
import { describe, expect, test } from 'vitest';
import { analyzeLambda, UNKNOWN_TABLE } from './code-access.ts';
import { type Block, block, blocks, dataSource, loadTerraform, reference, resource, resourcesOfType } from './config.ts';

const tf = await loadTerraform();

type Grant = `${string} on ${string}`;
const grant = (action: string, resourceArn: string): Grant => `${action} on ${resourceArn}`;

/** The policy document attached to a function's role (exactly one inline policy, nothing else). */
function policyOf(app: string): Block[] {
  const role = reference(resource(tf, `aws_lambda_function.${app}`).role)?.replace(/\.arn$/, '');
  expect(role, `aws_lambda_function.${app}.role`).toMatch(/^aws_iam_role\.\w+$/);
  const attached = resourcesOfType(tf, 'aws_iam_role_policy').filter(([, p]) => reference(p.role)?.startsWith(`${role}.`));
  expect(attached, `${role} must have exactly one inline policy`).toHaveLength(1);
  for (const type of ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_role_policies_exclusive']) {
    for (const [name, r] of resourcesOfType(tf, type)) expect(JSON.stringify(r), `${type}.${name}`).not.toContain(`${role}.`);
  }
  const roleBody = resource(tf, role!);
  expect(roleBody).not.toHaveProperty('managed_policy_arns');
  expect(roleBody).not.toHaveProperty('inline_policy');
  const document = reference(attached[0]![1].policy)?.replace(/\.json$/, '');
  expect(document).toMatch(/^data\.aws_iam_policy_document\.\w+$/);
  return blocks(dataSource(tf, document!.slice('data.'.length)), 'statement');
}

function granted(statements: Block[]): Grant[] {
  const grants: Grant[] = [];
  for (const s of statements) {
    expect(s.effect ?? 'Allow').toBe('Allow');
    for (const unsupported of ['not_actions', 'not_resources', 'condition', 'principals']) expect(s).not.toHaveProperty(unsupported);
    for (const action of s.actions as string[]) for (const r of s.resources as string[]) grants.push(grant(action, r));
  }
  return grants;
}

/** What the function's code and wiring need. */
function expected(app: 'api' | 'ws'): Grant[] {
  const access = analyzeLambda(app);
  const fn = resource(tf, `aws_lambda_function.${app}`);
  const env = block(fn, 'environment').variables as Record<string, string>;
  const grants: Grant[] = [];

  for (const a of access.dynamodb) {
    if (a.table === UNKNOWN_TABLE) throw new Error(`apps/${app} sends ${a.action} to a table the IAM test cannot tell`);
    const arn = `\${aws_dynamodb_table.${a.table}.arn}`;
    grants.push(grant(a.action, a.index ? `${arn}/index/${a.index}` : arn));
  }

  if (access.ssm.length) {
    const parameter = reference(env.JWT_SECRET_PARAMETER)?.replace(/\.name$/, '');
    expect(parameter).toMatch(/^aws_ssm_parameter\.\w+$/);
    for (const action of access.ssm) grants.push(grant(action, `\${${parameter}.arn}`));
  }

  if (access.connections.length) {
    // The WebSocket API(s) whose integration invokes this function, at their stage.
    const apis = resourcesOfType(tf, 'aws_apigatewayv2_integration')
      .filter(([, i]) => reference(i.integration_uri) === `aws_lambda_function.${app}.invoke_arn`)
      .map(([, i]) => reference(i.api_id)!.replace(/\.id$/, ''))
      .filter((api) => resource(tf, api).protocol_type === 'WEBSOCKET');
    expect(apis.length).toBeGreaterThan(0);
    for (const api of apis) {
      const stages = resourcesOfType(tf, 'aws_apigatewayv2_stage').filter(([, s]) => reference(s.api_id) === `${api}.id`);
      for (const [, stage] of stages) {
        for (const method of access.connections) {
          grants.push(grant('execute-api:ManageConnections', `\${${api}.execution_arn}/${String(stage.name)}/${method}/@connections/*`));
        }
      }
    }
  }

  for (const [, mapping] of resourcesOfType(tf, 'aws_lambda_event_source_mapping')) {
    if (!reference(mapping.function_name)?.startsWith(`aws_lambda_function.${app}.`)) continue;
    const source = String(mapping.event_source_arn);
    expect(reference(source)).toMatch(/^aws_dynamodb_table\.\w+\.stream_arn$/);
    for (const action of ['DescribeStream', 'GetRecords', 'GetShardIterator', 'ListStreams']) grants.push(grant(`dynamodb:${action}`, source));
    for (const destination of blocks(mapping, 'destination_config').flatMap((d) => blocks(d, 'on_failure'))) {
      expect(reference(destination.destination_arn)).toMatch(/^aws_sqs_queue\.\w+\.arn$/);
      grants.push(grant('sqs:SendMessage', String(destination.destination_arn)));
    }
  }

  const logGroup = reference(block(fn, 'logging_config').log_group)?.replace(/\.name$/, '');
  for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) grants.push(grant(action, `\${${logGroup}.arn}:*`));
  return [...new Set(grants)].sort();
}

describe.each(['api', 'ws'] as const)('the %s role', (app) => {
  const statements = policyOf(app);

  test('grants exactly what the code calls', () => {
    expect([...new Set(granted(statements))].sort()).toEqual(expected(app));
  });

  test('no * action, no * resource (only a log group’s streams and a stage’s connections are wildcards)', () => {
    for (const s of statements) {
      for (const action of s.actions as string[]) expect(action).not.toContain('*');
      for (const r of s.resources as string[]) {
        const allowed = /^\$\{aws_cloudwatch_log_group\.\w+\.arn\}:\*$/.test(r) || /\/@connections\/\*$/.test(r);
        if (!allowed) expect(r, `${String(s.sid)}: ${r}`).not.toContain('*');
        expect(r).not.toBe('*');
      }
    }
  });

  test('only Lambda can assume it', () => {
    const role = resource(tf, `aws_iam_role.${app}`);
    expect(reference(role.assume_role_policy)).toBe('data.aws_iam_policy_document.lambda_assume.json');
    const [statement, ...others] = blocks(dataSource(tf, 'aws_iam_policy_document.lambda_assume'), 'statement');
    expect(others).toEqual([]);
    expect(statement?.actions).toEqual(['sts:AssumeRole']);
    expect(blocks(statement!, 'principals')).toEqual([{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }]);
  });
});

test('the derivation reads the code: ws posts to @connections (and deletes: the socket cap) and queries the byRoom index; api only puts tickets on connections', () => {
  const ws = analyzeLambda('ws');
  expect(ws.connections).toEqual(['DELETE', 'POST']);
  expect(ws.dynamodb).toContainEqual({ action: 'dynamodb:Query', table: 'connections', index: 'byRoom' });
  expect(ws.files).toContain('apps/ws/src/routes/send-message.ts');
  const api = analyzeLambda('api');
  expect(api.dynamodb.filter((a) => a.table === 'connections')).toEqual([{ action: 'dynamodb:PutItem', table: 'connections' }]);
  expect(api.dynamodb).toContainEqual({ action: 'dynamodb:UpdateItem', table: 'users' });
  expect(ws.dynamodb).toContainEqual({ action: 'dynamodb:GetItem', table: 'users' });
  expect(api.dynamodb).toContainEqual({ action: 'dynamodb:PutItem', table: 'users' });
  expect(api.ssm).toEqual(['ssm:GetParameter']);
});
