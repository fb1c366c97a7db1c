import { startDynamoDbLocal } from '@chat/local-runtime';
import { userFlood } from './user-flood.ts';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const dynamo = await startDynamoDbLocal();
try {
  await userFlood(dynamo.endpoint, 'flood', 50, 3); // warm JIT
  (globalThis as any).__profile = true; const r = await userFlood(dynamo.endpoint, 'flood', 50, 2);
  console.log(JSON.stringify(r));
} finally { await dynamo.stop(); }
