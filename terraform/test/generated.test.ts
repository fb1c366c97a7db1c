import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { generatedFiles } from '../src/generate.ts';
import { terraformDir } from './config.ts';

test.each(Object.entries(await generatedFiles()))('%s is what `npm run generate -w @chat/terraform` writes now', (name, fresh) => {
  const committed = readFileSync(`${terraformDir}/${name}`, 'utf8');
  expect(committed, `${name} is stale: run npm run generate -w @chat/terraform`).toBe(fresh);
});
