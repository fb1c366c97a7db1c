// API Gateway: the WebSocket API routes every action of the contract (and the three built-in
// routes) to the ws function; the HTTP API sends /trpc/* to the api function with CORS for the
// web origins.
import { actionNames, clientActionSchema } from '@chat/contract';
import { twoWayRouteKeys } from '@chat/ws/handler';
import { describe, expect, test } from 'vitest';
import { block, loadTerraform, localList, reference, resource, resourcesOfType } from './config.ts';

const tf = await loadTerraform();

describe('WebSocket API', () => {
  const api = resource(tf, 'aws_apigatewayv2_api.ws');
  const routes = resourcesOfType(tf, 'aws_apigatewayv2_route').filter(([, r]) => reference(r.api_id) === 'aws_apigatewayv2_api.ws.id');
  /** Each route resource's route keys (a for_each over a literal list, or one key). */
  const routeKeys = routes.flatMap(([, r]) => (r.for_each === undefined ? [String(r.route_key)] : localList(tf, r.for_each)));

  test('selects routes by the field the contract’s frames name their action in', () => {
    expect(api.protocol_type).toBe('WEBSOCKET');
    const field = /^\$request\.body\.(\w+)$/.exec(String(api.route_selection_expression))?.[1];
    expect(field, String(api.route_selection_expression)).toBeDefined();
    const frame = (key: string) => ({ [key]: 'joinRoom', roomId: 'general' });
    expect(clientActionSchema.safeParse(frame(field!)).success).toBe(true);
    expect(clientActionSchema.safeParse(frame(`${field!}_`)).success).toBe(false);
  });

  test('has $connect, $disconnect, $default and one route per action of the contract, nothing else', () => {
    expect(new Set(routeKeys).size).toBe(routeKeys.length);
    expect([...routeKeys].sort()).toEqual(['$connect', '$disconnect', '$default', ...actionNames].sort());
  });

  test('the routes the ws function answers by its return value are two-way, and only they', () => {
    const responses = resourcesOfType(tf, 'aws_apigatewayv2_route_response');
    expect(responses.map(([name]) => name)).toEqual(['ws']);
    const [, response] = responses[0]!;
    const twoWay = localList(tf, response.for_each);
    expect([...twoWay].sort()).toEqual([...twoWayRouteKeys].sort());
    for (const key of twoWay) expect(routeKeys).toContain(key);
    // Proxy integration: the $default route response passes the function's body to the connection.
    expect(response.route_response_key).toBe('$default');
    expect(reference(response.api_id)).toBe('aws_apigatewayv2_api.ws.id');
    expect(response.route_id).toBe('${aws_apigatewayv2_route.ws[each.value].id}');
    const [[, route]] = routes as [[string, Record<string, unknown>]];
    expect(route.route_response_selection_expression).toBe('${contains(local.ws_two_way_route_keys, each.value) ? "$default" : null}');
    expect(response.for_each).toBe('${toset(local.ws_two_way_route_keys)}');
    const deployment = resource(tf, 'aws_apigatewayv2_deployment.ws');
    expect(JSON.stringify(deployment.triggers)).toContain('aws_apigatewayv2_route_response.ws');
    expect(JSON.stringify(deployment.triggers)).toContain('local.ws_two_way_route_keys');
  });

  test('no route lacks an integration with the ws function', () => {
    expect(routes.length).toBeGreaterThan(0);
    for (const [name, route] of routes) {
      if (route.for_each !== undefined) expect(route.route_key, name).toBe('${each.value}');
      const integration = /^integrations\/\$\{aws_apigatewayv2_integration\.(\w+)\.id\}$/.exec(String(route.target))?.[1];
      expect(integration, `route ${name} has no integration target`).toBeDefined();
      const target = resource(tf, `aws_apigatewayv2_integration.${integration}`);
      expect(reference(target.api_id)).toBe('aws_apigatewayv2_api.ws.id');
      expect(target.integration_type).toBe('AWS_PROXY');
      expect(reference(target.integration_uri)).toBe('aws_lambda_function.ws.invoke_arn');
    }
  });

  test('a stage with throttling, redeployed whenever the routes change', () => {
    const stage = resource(tf, 'aws_apigatewayv2_stage.ws');
    expect(reference(stage.name)).toBe('var.stage');
    const settings = block(stage, 'default_route_settings');
    expect(reference(settings.throttling_rate_limit)).toMatch(/^var\./);
    expect(reference(settings.throttling_burst_limit)).toMatch(/^var\./);
    for (const v of ['ws_throttle_rate', 'ws_throttle_burst']) expect(Number(tf.variables.get(v)?.default)).toBeGreaterThan(0);
    expect(reference(stage.deployment_id)).toBe('aws_apigatewayv2_deployment.ws.id');
    const deployment = resource(tf, 'aws_apigatewayv2_deployment.ws');
    expect(JSON.stringify(deployment.triggers)).toContain('aws_apigatewayv2_route.ws');
    expect(JSON.stringify(deployment.triggers)).toContain('local.ws_route_keys');
  });

  test('API Gateway may invoke the ws function from this API’s stage only', () => {
    const permission = resource(tf, 'aws_lambda_permission.ws_from_websocket');
    expect(permission).toMatchObject({ action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com' });
    expect(reference(permission.function_name)).toBe('aws_lambda_function.ws.function_name');
    expect(permission.source_arn).toBe('${aws_apigatewayv2_api.ws.execution_arn}/${var.stage}/*');
  });

  test('the ws function posts to this API’s stage: WS_MANAGEMENT_ENDPOINT', () => {
    const env = block(resource(tf, 'aws_lambda_function.ws'), 'environment').variables as Record<string, string>;
    const stage = resource(tf, 'aws_apigatewayv2_stage.ws');
    const provider = (tf.files.get('main.tf') as { provider: { aws: { region: string }[] } }).provider.aws[0]!;
    // The management endpoint of this API, in the provider's region, at this stage.
    expect(env.WS_MANAGEMENT_ENDPOINT).toBe(`https://\${${reference(stage.api_id)!}}.execute-api.${provider.region}.amazonaws.com/${String(stage.name)}`);
  });
});

describe('HTTP API', () => {
  const api = resource(tf, 'aws_apigatewayv2_api.http');
  const routes = resourcesOfType(tf, 'aws_apigatewayv2_route').filter(([, r]) => reference(r.api_id) === 'aws_apigatewayv2_api.http.id');

  test('sends every method of /trpc/{proxy+} to the api function (payload 2.0)', () => {
    expect(api.protocol_type).toBe('HTTP');
    expect(routes.map(([, r]) => r.route_key)).toEqual(['ANY /trpc/{proxy+}']);
    const integration = /^integrations\/\$\{aws_apigatewayv2_integration\.(\w+)\.id\}$/.exec(String(routes[0]?.[1].target))?.[1];
    const target = resource(tf, `aws_apigatewayv2_integration.${integration}`);
    expect(target).toMatchObject({ integration_type: 'AWS_PROXY', payload_format_version: '2.0' });
    expect(reference(target.integration_uri)).toBe('aws_lambda_function.api.invoke_arn');
    const stage = resource(tf, 'aws_apigatewayv2_stage.http');
    expect(stage).toMatchObject({ name: '$default', auto_deploy: true });
  });

  test('CORS: the web origins, the headers tRPC clients send; the function allows the same origins', () => {
    const cors = block(api, 'cors_configuration');
    expect(reference(cors.allow_origins)).toBe('local.web_origins');
    expect(cors.allow_headers).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(cors.allow_methods).toEqual(expect.arrayContaining(['GET', 'POST']));
    const env = block(resource(tf, 'aws_lambda_function.api'), 'environment').variables as Record<string, string>;
    expect(env.CORS_ORIGINS).toBe('${join(",", local.web_origins)}');
    expect(String(tf.locals.web_origins)).toContain('https://${aws_cloudfront_distribution.web.domain_name}');
  });

  test('API Gateway may invoke the api function for /trpc/* of this API only', () => {
    const permission = resource(tf, 'aws_lambda_permission.api_from_http');
    expect(permission).toMatchObject({ action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com' });
    expect(reference(permission.function_name)).toBe('aws_lambda_function.api.function_name');
    expect(permission.source_arn).toBe('${aws_apigatewayv2_api.http.execution_arn}/*/*/trpc/*');
  });
});
