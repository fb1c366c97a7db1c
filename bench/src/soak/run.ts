// `npm run soak`: the soak (./soak.ts) on a DynamoDB Local of its own; prints its figures and
// exits 1 if anything was lost, duplicated, misdelivered, refused or left unanswered.
//   --minutes=10 --clients=200 --rooms=20 --interval=15   (seconds between one client's messages)
// A run with the defaults writes its section of docs/BENCHMARKS.md; one with options only prints
// (--write to write all the same).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '@chat/local-runtime';
import { withSection } from '../doc-sections.ts';
import { resultLines, setupText, soakSection } from './report.ts';
import { soak, type SoakOptions } from './soak.ts';
import { failuresOf } from './tally.ts';

const log = (line: string) => console.log(`[soak] ${line}`);

function positive(name: string, value: string, integer: boolean): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name}=${value}: expected a positive ${integer ? 'whole ' : ''}number`);
  }
  return n;
}

function options(argv: string[]): Omit<SoakOptions, 'dynamoPid' | 'log'> & { write: boolean } {
  const { values, tokens } = parseArgs({
    args: argv,
    tokens: true,
    options: {
      minutes: { type: 'string', default: '10' },
      clients: { type: 'string', default: '200' },
      rooms: { type: 'string', default: '20' },
      interval: { type: 'string', default: '15' },
      write: { type: 'boolean', default: false },
    },
  });
  const partial = tokens.some((t) => t.kind === 'option' && t.name !== 'write');
  const clients = positive('clients', values.clients, true);
  const rooms = positive('rooms', values.rooms, true);
  if (rooms > clients) throw new Error(`--rooms=${rooms}: at most one room per client (--clients=${clients})`);
  return {
    minutes: positive('minutes', values.minutes, false),
    clients,
    rooms,
    sendIntervalMs: positive('interval', values.interval, false) * 1000,
    write: values.write || !partial,
  };
}

let parsed: ReturnType<typeof options>;
try {
  parsed = options(process.argv.slice(2));
} catch (err) {
  console.error(`[soak] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
if (!global.gc) log('no --expose-gc: heapUsed is read without a full collection first');
log(setupText(parsed));
const loadBefore = loadavg()[0]!;
const dynamo = await startDynamoDbLocal();
let failed: boolean;
try {
  const { write, ...soakOptions } = parsed;
  const result = await soak(dynamo.endpoint, { ...soakOptions, dynamoPid: dynamo.pid, log });
  for (const line of resultLines(result)) log(line);
  failed = failuresOf(result).length > 0;
  if (write) {
    const file = join(import.meta.dirname, '../../../docs/BENCHMARKS.md');
    const command = `npm run soak${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
    writeFileSync(file, withSection(readFileSync(file, 'utf8'), 'soak', soakSection(result, { command, loadBefore, loadAfter: loadavg()[0]! })));
    log(`wrote the soak section of ${file}`);
  } else {
    log('a run with options: docs/BENCHMARKS.md left as it is (--write to write it)');
  }
} finally {
  await dynamo.stop();
}
process.exit(failed ? 1 : 0);
