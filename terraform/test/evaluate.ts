// Terraform expressions as they evaluate on AWS, for the tests that run the code against them.
import { join } from 'node:path';
import { terraformDir, type TerraformConfig } from './config.ts';

/** A stack as the deploy makes it by default; the region has no default. */
export const sampleVariables: Record<string, string> = { region: 'eu-west-1' };

/**
 * An expression as it evaluates for the sample stack: variables (their defaults), locals and
 * resources' `name` arguments are followed; what is only known after apply (ids, ARNs, domain
 * names) becomes a plausible stand-in.
 */
export function evaluate(config: TerraformConfig, value: unknown): string {
  return String(value).replace(/\$\{([^}]+)\}/g, (_, expression: string) => {
    const variable = /^var\.(\w+)$/.exec(expression)?.[1];
    if (variable) return sampleVariables[variable] ?? String(config.variables.get(variable)?.default);
    const local = /^local\.(\w+)$/.exec(expression)?.[1];
    if (local) return evaluate(config, config.locals[local]);
    const named = /^(\w+\.\w+)\.name$/.exec(expression)?.[1];
    if (named && config.resources.get(named)?.name !== undefined) return evaluate(config, config.resources.get(named)!.name);
    if (/^aws_apigatewayv2_api\.\w+\.api_endpoint$/.test(expression)) return `https://abc123.execute-api.${sampleVariables.region!}.amazonaws.com`;
    if (expression.startsWith('join(",", local.web_origins)')) return 'https://d111111abcdef8.cloudfront.net';
    return 'abc123';
  });
}

/** `${path.module}/../apps/api/dist/lambda.zip` (directly or through a local) -> an absolute path. */
export function zipPath(config: TerraformConfig, filename: unknown): string {
  const local = /^\$\{local\.(\w+)\}$/.exec(String(filename))?.[1];
  const path = String(local ? config.locals[local] : filename);
  if (!path.startsWith('${path.module}/')) throw new Error(`${path}: expected a path under \${path.module}`);
  return join(terraformDir, path.slice('${path.module}/'.length));
}
