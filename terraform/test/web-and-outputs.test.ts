// The web bucket is private and readable by this CloudFront distribution only; the JWT key
// lives in SSM and never in state; the outputs give the three URLs and nothing secret; the providers are pinned.
import { expect, test } from 'vitest';
import { block, blocks, dataSource, ephemeralResource, loadTerraform, reference, resource, resourcesOfType } from './config.ts';

const tf = await loadTerraform();

test('the web bucket blocks every kind of public access and ACLs', () => {
  const access = resource(tf, 'aws_s3_bucket_public_access_block.web');
  expect(reference(access.bucket)).toBe('aws_s3_bucket.web.id');
  for (const flag of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
    expect(access[flag], flag).toBe(true);
  }
  const ownership = resource(tf, 'aws_s3_bucket_ownership_controls.web');
  expect(block(ownership, 'rule').object_ownership).toBe('BucketOwnerEnforced');
});

test('CloudFront reads the bucket through origin access control (SigV4), over HTTPS to viewers', () => {
  const oac = resource(tf, 'aws_cloudfront_origin_access_control.web');
  expect(oac).toMatchObject({ origin_access_control_origin_type: 's3', signing_behavior: 'always', signing_protocol: 'sigv4' });
  const distribution = resource(tf, 'aws_cloudfront_distribution.web');
  const origin = block(distribution, 'origin');
  expect(reference(origin.domain_name)).toBe('aws_s3_bucket.web.bucket_regional_domain_name');
  expect(reference(origin.origin_access_control_id)).toBe('aws_cloudfront_origin_access_control.web.id');
  expect(blocks(origin, 's3_origin_config').filter((c) => c.origin_access_identity)).toEqual([]);
  expect(block(distribution, 'default_cache_behavior').viewer_protocol_policy).toBe('redirect-to-https');
  expect(distribution.default_root_object).toBe('index.html');
});

test('CloudFront adds AWS’s managed security headers (HSTS, nosniff, frame options, referrer policy) to every response', () => {
  const behavior = block(resource(tf, 'aws_cloudfront_distribution.web'), 'default_cache_behavior');
  const policy = reference(behavior.response_headers_policy_id)?.replace(/^data\.|\.id$/g, '');
  expect(policy).toMatch(/^aws_cloudfront_response_headers_policy\.\w+$/);
  expect(dataSource(tf, policy!).name).toBe('Managed-SecurityHeadersPolicy');
  expect(blocks(resource(tf, 'aws_cloudfront_distribution.web'), 'ordered_cache_behavior')).toEqual([]);
});

test('the region is chosen once: no default to fall back to, the provider uses it, and the state records it', () => {
  const region = tf.variables.get('region');
  expect(region).toBeDefined();
  expect(region).not.toHaveProperty('default');
  const main = tf.files.get('main.tf') as { provider: { aws: { region: string }[] } };
  expect(main.provider.aws[0]!.region).toBe('${var.region}');
  expect(tf.outputs.get('region')?.value).toBe('${var.region}');
});

test('the bucket policy lets this distribution GetObject, and no one else anything', () => {
  const policy = resource(tf, 'aws_s3_bucket_policy.web');
  expect(reference(policy.bucket)).toBe('aws_s3_bucket.web.id');
  expect(reference(policy.policy)).toBe('data.aws_iam_policy_document.web_bucket.json');
  const [statement, ...others] = blocks(dataSource(tf, 'aws_iam_policy_document.web_bucket'), 'statement');
  expect(others).toEqual([]);
  expect(statement).toMatchObject({ actions: ['s3:GetObject'], resources: ['${aws_s3_bucket.web.arn}/*'] });
  expect(blocks(statement!, 'principals')).toEqual([{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }]);
  expect(blocks(statement!, 'condition')).toEqual([
    { test: 'StringEquals', variable: 'AWS:SourceArn', values: ['${aws_cloudfront_distribution.web.arn}'] },
  ]);
});

test('the JWT key: an ephemeral random password written to an SSM SecureString, never into state', () => {
  const password = ephemeralResource(tf, 'random_password.jwt_secret');
  expect(Number(password.length)).toBeGreaterThanOrEqual(32);
  expect(resourcesOfType(tf, 'random_password')).toEqual([]); // a random_password resource keeps its result in state
  const parameter = resource(tf, 'aws_ssm_parameter.jwt_secret');
  expect(parameter.type).toBe('SecureString');
  expect(reference(parameter.value_wo)).toBe('ephemeral.random_password.jwt_secret.result'); // write-only: not in state
  expect(parameter.value_wo_version).toBe(1);
  expect(parameter).not.toHaveProperty('value');
  expect(parameter).not.toHaveProperty('key_id'); // the AWS managed key aws/ssm: no kms:Decrypt grant needed
  const main = tf.files.get('main.tf') as { terraform: { required_version: string }[] };
  expect(main.terraform[0]!.required_version).toMatch(/^>= 1\.(1[1-9]|[2-9]\d)/); // write-only arguments need 1.11
});

test('outputs: the web, API and WebSocket URLs, and nothing secret', () => {
  expect(tf.outputs.get('web_url')?.value).toBe('https://${aws_cloudfront_distribution.web.domain_name}');
  // api_url: http-route.test.ts runs the api bundle at that path.
  expect(tf.outputs.has('api_url')).toBe(true);
  expect(tf.outputs.get('ws_url')?.value).toBe('${aws_apigatewayv2_api.ws.api_endpoint}/${aws_apigatewayv2_stage.ws.name}');
  for (const [name, output] of tf.outputs) {
    expect(JSON.stringify(output.value), name).not.toMatch(/random_password|aws_ssm_parameter|jwt/i);
  }
});

test('the AWS and random providers are pinned', () => {
  const main = tf.files.get('main.tf') as { terraform: { required_providers: Record<string, { source: string; version: string }>[] }[] };
  const providers = main.terraform[0]!.required_providers[0]!;
  expect(providers.aws).toEqual({ source: 'hashicorp/aws', version: expect.stringMatching(/^~> \d+\.\d+/) });
  expect(providers.random).toEqual({ source: 'hashicorp/random', version: expect.stringMatching(/^~> \d+\.\d+/) });
});
