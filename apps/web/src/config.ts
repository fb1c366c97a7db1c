// The app learns where the API and the WebSocket are from /config.json at startup, so one build
// serves every environment (npm start generates the file; the deploy writes it to S3).

export interface RuntimeConfig {
  /** e.g. http://localhost:3001/trpc */
  apiUrl: string;
  /** e.g. ws://localhost:3002 */
  wsUrl: string;
}

function absoluteUrl(value: unknown, protocols: string[], field: string): string {
  if (typeof value !== 'string') throw new Error(`config.json: "${field}" is missing`);
  // Relative URLs are taken against the page, so a config can say "/trpc".
  const base = globalThis.location?.href ?? 'http://localhost/';
  const url = new URL(value, base);
  if (field === 'wsUrl' && (url.protocol === 'http:' || url.protocol === 'https:')) url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (!protocols.includes(url.protocol)) throw new Error(`config.json: "${field}" must be a ${protocols.join(' or ')} URL`);
  return url.toString().replace(/\/$/, '');
}

export function parseRuntimeConfig(json: unknown): RuntimeConfig {
  const value = (json ?? {}) as Record<string, unknown>;
  return {
    apiUrl: absoluteUrl(value.apiUrl, ['http:', 'https:'], 'apiUrl'),
    wsUrl: absoluteUrl(value.wsUrl, ['ws:', 'wss:'], 'wsUrl'),
  };
}

export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return parseRuntimeConfig(await response.json());
}
