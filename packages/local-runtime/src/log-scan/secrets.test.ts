import { expect, test } from 'vitest';
import { findSecrets } from './secrets.ts';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2ln';
const bcrypt = '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';
const ticket = 'q3Zk8VbN2mLp0XcR7tYw1AsD4fGh6JkL9PoIuYtRe5W';

test('each kind is found once, and reported with the secret itself masked', () => {
  const line = JSON.stringify({ message: 'x', token: jwt, hash: bcrypt, url: `/ws?ticket=${ticket}`, who: 'ann@example.com', password: 'Correct Horse' });
  const findings = findSecrets(line);
  expect(findings.map((f) => f.kind)).toEqual(['JWT', 'bcrypt hash', 'ticket', 'email address', 'password or key']);
  for (const f of findings) for (const secret of [jwt, bcrypt, ticket, 'ann@example.com']) expect(f.masked).not.toContain(secret);
  expect(findings[0]!.masked).toContain('"token":"<JWT>"');
});

test('ordinary log lines hold none: ids, request ids, paths, placeholders of the redaction', () => {
  const lines = [
    '{"level":"INFO","message":"route answered","function_request_id":"0f8fad5b-d9cb-469f-a165-70867728950e","routeKey":"$connect","connectionId":"QmCBcyG9557DGVY="}',
    '{"level":"ERROR","message":"procedure failed","path":"auth.login","error":{"name":"ResourceNotFoundException","location":"file:///w/node_modules/@smithy/core/dist/index.js:12"}}',
    '{"level":"WARN","message":"signed in","who":"[email]","session":"[jwt]","stored":"[bcrypt hash]","ticket":"[redacted]"}',
    '[chat] DynamoDB Local  http://localhost:8000  (in memory) message 01JDKZ6T6D5M4J0N9Q2Y3X1W0V shard shardId-00000001764608123456-abcdef12',
  ];
  for (const line of lines) expect(findSecrets(line), line).toEqual([]);
});
