import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { BudgetExceededError, bundleLambda, describe as describeResult, readZip, unreachedOnLambda } from '../src/index.ts';
import { decodeVlq, encodeVlq, filterSourceMap, originalPosition, type SourceMapV3 } from '../src/sourcemap.ts';
import { invokeBundle } from '../src/testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A Lambda entry with one CommonJS dependency that calls `require`, and one code path that throws.
mkdirSync(join(dir, 'node_modules/cjs-dep'), { recursive: true });
writeFileSync(join(dir, 'node_modules/cjs-dep/package.json'), JSON.stringify({ name: 'cjs-dep', main: 'index.js' }));
writeFileSync(join(dir, 'node_modules/cjs-dep/index.js'), "module.exports = (p) => require('node:path').basename(p);\n");
writeFileSync(
  join(dir, 'entry.ts'),
  [
    "import basename from 'cjs-dep';",
    'export const handler = async (event: { path: string; fail?: boolean }) => {',
    "  if (event.fail) throw new Error('boom');",
    '  return { base: basename(event.path) };',
    '};',
    '',
  ].join('\n'),
);

describe('bundleLambda', async () => {
  const result = await bundleLambda({ entry: join(dir, 'entry.ts'), outDir: join(dir, 'dist') });

  test('writes lambda.mjs, its map and lambda.zip holding both; handler lambda.handler', () => {
    expect(result.handler).toBe('lambda.handler');
    expect(Object.keys(readZip(result.files.zip)).sort()).toEqual(['lambda.mjs', 'lambda.mjs.map']);
    expect(result.zipBytes).toBe(readFileSync(result.files.zip).length);
    expect(describeResult(result)).toMatch(/raw .* KB .*zip .* KB of 224\.0 KB budget/);
  });

  test('defines `require` for CommonJS dependencies that call it, and the bundle runs', async () => {
    expect(result.requireBanner).toBe(true);
    expect(await invokeBundle(result.files.js, [{ path: '/a/b/c.txt' }], {})).toEqual([{ base: 'c.txt' }]);
  });

  test('the shipped map covers our sources only, so a stack trace names the TypeScript file', async () => {
    const map = JSON.parse(readFileSync(result.files.map, 'utf8')) as SourceMapV3;
    expect(map.sources).toEqual(['../entry.ts']);
    expect(map).not.toHaveProperty('sourcesContent');
    await expect(invokeBundle(result.files.js, [{ path: 'x', fail: true }], {})).rejects.toThrow(/entry\.ts:3/);
  });

  test('is run as nodejs24.x runs it: a callback-style handler or one that returns no promise is refused', async () => {
    const callbackStyle = join(dir, 'callback.mjs');
    writeFileSync(callbackStyle, 'export const handler = (event, context, callback) => callback(null, 1);\n');
    await expect(invokeBundle(callbackStyle, [{}], {})).rejects.toThrow(/callback-style/);
    const synchronous = join(dir, 'sync.mjs');
    writeFileSync(synchronous, 'export const handler = (event) => 1;\n');
    await expect(invokeBundle(synchronous, [{}], {})).rejects.toThrow(/no promise/);
  });

  test('is deterministic: the same input gives the same zip', async () => {
    const again = await bundleLambda({ entry: join(dir, 'entry.ts'), outDir: join(dir, 'dist2') });
    expect(readFileSync(again.files.zip).equals(readFileSync(result.files.zip))).toBe(true);
  });

  test('fails when the zip is over budget', async () => {
    await expect(bundleLambda({ entry: join(dir, 'entry.ts'), outDir: join(dir, 'dist3'), budgetBytes: 100 })).rejects.toThrow(
      BudgetExceededError,
    );
  });

  test('leaves out only credential providers that Lambda never loads', () => {
    expect(unreachedOnLambda.every((m) => /credential-provider/.test(m))).toBe(true);
    expect(unreachedOnLambda).not.toContain('@aws-sdk/credential-provider-env');
    expect(unreachedOnLambda).not.toContain('@aws-sdk/credential-provider-node');
  });
});

describe('source maps', () => {
  test('VLQ round trip', () => {
    const values = [0, 1, -1, 15, -16, 16, 1000, -123456, 2 ** 20];
    expect(decodeVlq(encodeVlq(values))).toEqual(values);
    expect(encodeVlq([0, 0, 16, 1])).toBe('AAgBC');
  });

  test('filterSourceMap keeps the kept sources’ mappings and unmaps the others’', () => {
    // Line 0: col 0 -> ours.ts 0:0, col 10 -> dep.js 5:2 (name "x"), col 20 -> ours.ts 1:4.
    const map: SourceMapV3 = {
      version: 3,
      sources: ['ours.ts', 'node_modules/dep.js'],
      names: ['x'],
      mappings: [encodeVlq([0, 0, 0, 0]), encodeVlq([10, 1, 5, 2, 0]), encodeVlq([10, -1, -4, 2])].join(','),
    };
    const kept = filterSourceMap(map, (s) => !s.includes('node_modules'));
    expect(kept.sources).toEqual(['ours.ts']);
    expect(kept.names).toEqual([]);
    expect(originalPosition(kept, 0, 0)).toEqual({ source: 'ours.ts', line: 0, column: 0 });
    expect(originalPosition(kept, 0, 12)).toBeUndefined();
    expect(originalPosition(kept, 0, 25)).toEqual({ source: 'ours.ts', line: 1, column: 4 });
    expect(originalPosition(map, 0, 12)).toEqual({ source: 'node_modules/dep.js', line: 5, column: 2 });
  });
});
