// What an operator sees: access logs on every API stage (JSON, kept, nothing secret in them),
// the account's API Gateway CloudWatch role the WebSocket stage logs through, and an alarm on
// every function, failure queue, stream and HTTP API of the configuration, each pointing at a
// resource that exists, optionally mailed.
import { describe, expect, test } from 'vitest';
import { type Block, block, blocks, dataSource, loadTerraform, reference, resource, resourcesOfType, type TerraformConfig } from './config.ts';

const tf = await loadTerraform();

// ---- access logs ----

/**
 * API Gateway context variables that describe a request without carrying any of its content
 * (no header, query string, body, authorizer output or identity token), by API type as AWS
 * documents them. A variable outside the list fails: either it may carry a secret, or it does
 * not exist for that API type (API Gateway would reject the format).
 */
const safeContextVariables = {
  HTTP: [
    'requestId', 'extendedRequestId', 'requestTime', 'requestTimeEpoch', 'identity.sourceIp', 'identity.userAgent', 'httpMethod',
    'routeKey', 'path', 'protocol', 'status', 'responseLength', 'responseLatency', 'integrationLatency', 'integrationStatus',
    'integrationErrorMessage', 'error.message', 'domainName', 'stage',
  ],
  WEBSOCKET: [
    'requestId', 'extendedRequestId', 'requestTime', 'requestTimeEpoch', 'identity.sourceIp', 'connectionId', 'connectedAt',
    'eventType', 'messageId', 'routeKey', 'status', 'integrationLatency', 'integrationStatus', 'error.message', 'domainName', 'stage',
  ],
} as const;

/** `${jsonencode({ key = "$context.x" ... })}` (directly or through a local) -> key -> value. */
function jsonFormat(config: TerraformConfig, format: unknown): Record<string, string> {
  const local = /^\$\{local\.(\w+)\}$/.exec(String(format))?.[1];
  const expression = String(local ? config.locals[local] : format);
  const body = /^\$\{jsonencode\(\{([\s\S]*)\}\)\}$/.exec(expression)?.[1];
  if (body === undefined) throw new Error(`access log format is not jsonencode({...}): ${expression}`);
  const fields = [...body.matchAll(/^\s*(\w+)\s*=\s*"([^"]*)"\s*$/gm)].map((m) => [m[1]!, m[2]!] as const);
  const lines = body.split('\n').filter((line) => line.trim() !== '');
  if (fields.length !== lines.length) throw new Error(`access log format: only key = "value" lines are understood:\n${body}`);
  return Object.fromEntries(fields);
}

describe.each(resourcesOfType(tf, 'aws_apigatewayv2_stage'))('the %s stage', (name, stage) => {
  const api = resource(tf, reference(stage.api_id)!.replace(/\.id$/, ''));
  const protocol = api.protocol_type as keyof typeof safeContextVariables;
  const settings = block(stage, 'access_log_settings');

  test('logs every request to its own log group, with a retention', () => {
    const group = reference(settings.destination_arn)?.replace(/\.arn$/, '');
    expect(group).toMatch(/^aws_cloudwatch_log_group\.\w+$/);
    expect(reference(resource(tf, group!).retention_in_days)).toBe('var.log_retention_days');
    const others = resourcesOfType(tf, 'aws_apigatewayv2_stage').filter(([other, s]) => other !== name && blocks(s, 'access_log_settings').some((a) => a.destination_arn === settings.destination_arn));
    expect(others).toEqual([]);
  });

  test(`as JSON of ${protocol} context variables that carry no request content`, () => {
    const fields = jsonFormat(tf, settings.format);
    expect(Object.keys(fields).length).toBeGreaterThan(3);
    expect(fields).toHaveProperty('requestId', '$context.requestId');
    for (const [key, value] of Object.entries(fields)) {
      const variable = /^\$context\.([\w.]+)$/.exec(value)?.[1];
      expect(variable, `${key}: ${value} is not one $context variable`).toBeDefined();
      expect(safeContextVariables[protocol] as readonly string[], `${key}: $context.${variable!}`).toContain(variable);
    }
  });

  if (protocol === 'WEBSOCKET') {
    test('logs through the account’s API Gateway CloudWatch role, set before the stage', () => {
      expect(stage.depends_on).toContain('${aws_api_gateway_account.this}');
    });
  }
});

test('the account’s API Gateway CloudWatch role: only API Gateway assumes it, with the managed push policy', () => {
  const account = resource(tf, 'aws_api_gateway_account.this');
  const role = reference(account.cloudwatch_role_arn)?.replace(/\.arn$/, '');
  expect(role).toMatch(/^aws_iam_role\.\w+$/);
  const trust = reference(resource(tf, role!).assume_role_policy)?.replace(/^data\.|\.json$/g, '');
  const [statement, ...others] = blocks(dataSource(tf, trust!), 'statement');
  expect(others).toEqual([]);
  expect(statement?.actions).toEqual(['sts:AssumeRole']);
  expect(blocks(statement!, 'principals')).toEqual([{ type: 'Service', identifiers: ['apigateway.amazonaws.com'] }]);
  const attachments = resourcesOfType(tf, 'aws_iam_role_policy_attachment').filter(([, a]) => reference(a.role) === `${role!}.name`);
  expect(attachments.map(([, a]) => a.policy_arn)).toEqual(['arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs']);
  expect(resourcesOfType(tf, 'aws_iam_role_policy').filter(([, p]) => reference(p.role)?.startsWith(`${role!}.`))).toEqual([]);
});

// ---- alarms ----

interface Alarm {
  name: string;
  namespace: string;
  metric: string;
  /** Dimension -> the reference it resolves to (each.value resolved through for_each). */
  dimensions: Record<string, string>;
  body: Block;
}

/** Every alarm instance: a for_each over a map local becomes one alarm per entry. */
function alarms(config: TerraformConfig): Alarm[] {
  return resourcesOfType(config, 'aws_cloudwatch_metric_alarm').flatMap(([name, body]) => {
    const local = /^\$\{local\.(\w+)\}$/.exec(String(body.for_each ?? ''))?.[1];
    const entries: [string, unknown][] =
      body.for_each === undefined ? [[name, undefined]] : Object.entries((local && (config.locals[local] as Record<string, unknown>)) || {});
    if (body.for_each !== undefined && entries.length === 0) throw new Error(`${name}: for_each must be a map local`);
    return entries.map(([key, value]) => ({
      name: body.for_each === undefined ? name : `${name}["${key}"]`,
      namespace: String(body.namespace),
      metric: String(body.metric_name),
      dimensions: Object.fromEntries(
        Object.entries((body.dimensions ?? {}) as Record<string, unknown>).map(([d, v]) => [d, reference(v === '${each.value}' ? value : v) ?? String(v)]),
      ),
      body,
    }));
  });
}

/** Which resource attribute a dimension of a namespace names. */
const dimensionTargets: Record<string, Record<string, { type: string; attribute: string }>> = {
  'AWS/Lambda': { FunctionName: { type: 'aws_lambda_function', attribute: 'function_name' } },
  'AWS/SQS': { QueueName: { type: 'aws_sqs_queue', attribute: 'name' } },
  'AWS/ApiGateway': { ApiId: { type: 'aws_apigatewayv2_api', attribute: 'id' } },
};

const all = alarms(tf);
const find = (namespace: string, metric: string, dimension: string, target: string) =>
  all.filter((a) => a.namespace === namespace && a.metric === metric && a.dimensions[dimension] === target);

test('every alarm’s dimensions name a resource that exists, by the attribute its metrics carry', () => {
  expect(all.length).toBeGreaterThan(0);
  for (const alarm of all) {
    expect(Object.keys(alarm.dimensions).length, alarm.name).toBeGreaterThan(0);
    for (const [dimension, target] of Object.entries(alarm.dimensions)) {
      const expected = dimensionTargets[alarm.namespace]?.[dimension];
      expect(expected, `${alarm.name}: ${alarm.namespace} ${dimension}`).toBeDefined();
      const [type, resourceName, attribute] = target.split('.');
      expect(`${type}.${attribute}`, `${alarm.name}: ${dimension} = ${target}`).toBe(`${expected!.type}.${expected!.attribute}`);
      expect(tf.resources.has(`${type}.${resourceName}`), `${alarm.name}: ${target}`).toBe(true);
    }
  }
});

test.each(resourcesOfType(tf, 'aws_lambda_function').map(([name]) => name))('the %s function has an errors and a throttles alarm', (fn) => {
  for (const metric of ['Errors', 'Throttles']) {
    expect(find('AWS/Lambda', metric, 'FunctionName', `aws_lambda_function.${fn}.function_name`), metric).toHaveLength(1);
  }
});

describe.each(resourcesOfType(tf, 'aws_lambda_event_source_mapping'))('the %s stream mapping', (_name, mapping) => {
  test('has an iterator-age alarm on its function', () => {
    const fn = reference(mapping.function_name)?.replace(/\.arn$/, '');
    expect(fn).toMatch(/^aws_lambda_function\.\w+$/);
    const [alarm, ...more] = find('AWS/Lambda', 'IteratorAge', 'FunctionName', `${fn!}.function_name`);
    expect(more).toEqual([]);
    expect(alarm?.body.statistic).toBe('Maximum');
    // Alarmed well before records are given up on.
    const threshold = reference(alarm?.body.threshold)?.startsWith('local.')
      ? Number(tf.locals[reference(alarm!.body.threshold)!.slice('local.'.length)])
      : Number(alarm?.body.threshold);
    expect(threshold).toBeGreaterThan(0);
    expect(threshold).toBeLessThan(Number(mapping.maximum_record_age_in_seconds) * 1000);
  });

  test('has a depth alarm on each queue it sends given-up batches to', () => {
    const queues = blocks(mapping, 'destination_config').flatMap((d) => blocks(d, 'on_failure')).map((f) => reference(f.destination_arn));
    expect(queues.length).toBeGreaterThan(0);
    for (const queue of queues) {
      expect(queue).toMatch(/^aws_sqs_queue\.\w+\.arn$/);
      const [alarm, ...more] = find('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', queue!.replace(/\.arn$/, '.name'));
      expect(more).toEqual([]);
      expect(alarm?.body).toMatchObject({ comparison_operator: 'GreaterThanThreshold', threshold: 0 });
    }
  });
});

test('each HTTP API has a 5xx alarm', () => {
  const httpApis = resourcesOfType(tf, 'aws_apigatewayv2_api').filter(([, api]) => api.protocol_type === 'HTTP');
  expect(httpApis.length).toBeGreaterThan(0);
  for (const [api] of httpApis) expect(find('AWS/ApiGateway', '5xx', 'ApiId', `aws_apigatewayv2_api.${api}.id`), api).toHaveLength(1);
});

test('alarms are mailed only when alarm_email is set: one SNS topic and subscription, then, for every alarm', () => {
  expect(tf.variables.get('alarm_email')).toMatchObject({ default: null });
  const topic = resource(tf, 'aws_sns_topic.alarms');
  const subscription = resource(tf, 'aws_sns_topic_subscription.alarm_email');
  for (const r of [topic, subscription]) expect(r.count).toBe('${var.alarm_email == null ? 0 : 1}');
  expect(subscription).toMatchObject({ protocol: 'email', endpoint: '${var.alarm_email}', topic_arn: '${aws_sns_topic.alarms[0].arn}' });
  expect(tf.locals.alarm_actions).toBe('${aws_sns_topic.alarms[*].arn}');
  for (const alarm of all) {
    expect(alarm.body.alarm_actions, alarm.name).toBe('${local.alarm_actions}');
    expect(alarm.body.ok_actions, alarm.name).toBe('${local.alarm_actions}');
  }
});

test('no alarm or log setting refers to the JWT key', () => {
  const bodies = [...all.map((a) => a.body), ...resourcesOfType(tf, 'aws_apigatewayv2_stage').flatMap(([, s]) => blocks(s, 'access_log_settings'))];
  for (const body of bodies) expect(JSON.stringify(body)).not.toMatch(/jwt|aws_ssm_parameter|random_password|authorization|token/i);
  for (const local of ['http_access_log_format', 'ws_access_log_format']) {
    expect(String(tf.locals[local])).not.toMatch(/jwt|aws_ssm_parameter|random_password|authorization|token|querystring|header/i);
  }
});
