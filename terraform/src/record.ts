// Runs data-access code against a DynamoDB client whose HTTP handler records each request and
// answers `{}`: what the code would send to DynamoDB, on the wire, without any DynamoDB.
import { createDb, type Db, tableNamesFor } from '@chat/db';

export interface RecordedCall {
  /** `PutItem`, `Query`, ... (from the X-Amz-Target header). */
  operation: string;
  /** The request body: DynamoDB JSON, exactly as sent. */
  input: Record<string, unknown>;
}

type ClientConfig = NonNullable<Parameters<typeof createDb>[0]['clientConfig']>;

export async function recordDynamoDbCalls(run: (db: Db) => Promise<unknown>, tablePrefix = 'chat-'): Promise<RecordedCall[]> {
  const calls: RecordedCall[] = [];
  const requestHandler = {
    async handle(request: { headers: Record<string, string>; body?: unknown }) {
      const target = request.headers['x-amz-target'] ?? '';
      calls.push({
        operation: target.replace(/^DynamoDB_\d+\./, ''),
        input: JSON.parse(bodyText(request.body)) as Record<string, unknown>,
      });
      return {
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: new TextEncoder().encode('{}'),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  const db = createDb({
    names: tableNamesFor(tablePrefix),
    clientConfig: {
      region: 'us-east-1',
      endpoint: 'http://dynamodb.recording.invalid',
      credentials: { accessKeyId: 'recording', secretAccessKey: 'recording' },
      requestHandler: requestHandler as unknown as ClientConfig['requestHandler'],
    },
  });
  try {
    await run(db);
  } finally {
    db.client.destroy();
  }
  return calls;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '{}';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  throw new Error(`unexpected request body type ${Object.prototype.toString.call(body)}`);
}
