import { describe, expect, it } from 'vitest';
import { clfTime, connectEvent, type ConnectionFacts, disconnectEvent } from './events.ts';
import { routeSelector } from './routes.ts';

const facts: ConnectionFacts = {
  connectionId: 'R1kmxc2VNjMCFIA=',
  connectedAt: 1_705_751_697_419,
  identity: { sourceIp: '127.0.0.1' },
  stage: 'local',
  domainName: 'localhost',
  apiId: 'abcdef1234',
};

describe('event building', () => {
  it('formats requestTime like API Gateway', () => {
    expect(clfTime(Date.UTC(2024, 9, 10, 22, 56, 18))).toBe('10/Oct/2024:22:56:18 +0000');
    expect(clfTime(Date.UTC(2024, 0, 2, 3, 4, 5))).toBe('02/Jan/2024:03:04:05 +0000');
  });

  it('omits the query fields without a query string, and keeps repeated headers', () => {
    const event = connectEvent(facts, {
      rawHeaders: ['Host', 'localhost:3002', 'Cookie', 'a=1', 'cookie', 'b=2'],
      url: '/',
      port: 3002,
    });
    expect('queryStringParameters' in event).toBe(false);
    expect('multiValueQueryStringParameters' in event).toBe(false);
    expect(event.headers).toMatchObject({ Host: 'localhost:3002', Cookie: 'b=2', 'X-Forwarded-For': '127.0.0.1', 'X-Forwarded-Port': '3002' });
    expect(event.multiValueHeaders.Cookie).toEqual(['a=1', 'b=2']);
  });

  it('uses the same id for requestId and extendedRequestId, a new one per event', () => {
    const a = disconnectEvent(facts, 1000, '');
    const b = disconnectEvent(facts, 1000, '');
    expect(a.requestContext.requestId).toBe(a.requestContext.extendedRequestId);
    expect(a.requestContext.requestId).not.toBe(b.requestContext.requestId);
  });

  it('selects routes only among the configured actions', () => {
    const select = routeSelector(['sendMessage', '$default']);
    expect(select('{"action":"sendMessage"}')).toBe('sendMessage');
    expect(select('{"action":"$default"}')).toBe('$default');
    expect(select('{"action":"typing"}')).toBe('$default');
    expect(select('null')).toBe('$default');
    expect(select('')).toBe('$default');
  });
});
