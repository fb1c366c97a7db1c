// Where the CLI connects: flags over environment variables over `npm start`'s local stack.
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';

export const defaults = { apiUrl: 'http://localhost:3001/trpc', wsUrl: 'ws://localhost:3002' };

const configSchema = z.object({
  apiUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  wsUrl: z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' }),
});
export type CliConfig = z.infer<typeof configSchema>;

export const usageText = `Usage: npm run cli -- [--api-url <url>] [--ws-url <url>]

  --api-url  the tRPC endpoint (env CHAT_API_URL; default ${defaults.apiUrl})
  --ws-url   the WebSocket endpoint (env CHAT_WS_URL; default ${defaults.wsUrl})`;

export type ConfigResult = { ok: true; config: CliConfig } | { ok: false; help: boolean; error: string };

const names: Record<keyof CliConfig, string> = { apiUrl: '--api-url (CHAT_API_URL)', wsUrl: '--ws-url (CHAT_WS_URL)' };

export function readConfig(argv: readonly string[], env: Record<string, string | undefined>): ConfigResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { 'api-url': { type: 'string' }, 'ws-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    return { ok: false, help: false, error: `${(err as Error).message}\n\n${usageText}` };
  }
  if (values.help) return { ok: false, help: true, error: usageText };
  const parsed = configSchema.safeParse({
    apiUrl: values['api-url'] ?? (env.CHAT_API_URL || defaults.apiUrl),
    wsUrl: values['ws-url'] ?? (env.CHAT_WS_URL || defaults.wsUrl),
  });
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((i) => `${names[i.path[0] as keyof CliConfig]} ${i.message}`);
  return { ok: false, help: false, error: problems.join('\n') };
}
