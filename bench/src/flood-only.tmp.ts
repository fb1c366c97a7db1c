import { startDynamoDbLocal } from '@chat/local-runtime';
import { userFlood } from './user-flood.ts';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const dynamo = await startDynamoDbLocal();
try {
  await userFlood(dynamo.endpoint, 'quiet', 50, 3);
  for (let i = 0; i < Number(process.env.RUNS ?? 2); i++) {
    const r = await userFlood(dynamo.endpoint, 'flood', 50, 10);
    console.log('RESULT p50', r.p50.toFixed(0), 'p99', r.p99.toFixed(0), JSON.stringify(r.flood));
  }
} finally { await dynamo.stop(); }
