// Counts the handler's posts by frame type and by the stream batch that made them, on their way
// to the real poster: what the budget "at most one frame per connection per room per batch
// window" is about.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerEvent } from '@chat/contract';
import type { WsDeps } from '@chat/ws/deps';
import type { WsHandler } from '@chat/ws/handler';

export function createPostRecorder() {
  const batch = new AsyncLocalStorage<number>();
  let batches = 0;
  const batchStarts: number[] = [];
  const postsByType = new Map<string, number>();
  /** `${batch}|${type}|${connectionId}` -> posts: only for posts made inside a stream batch. */
  const perBatchConnection = new Map<string, number>();
  const record = (type: string, connectionIds: readonly string[]) => {
    postsByType.set(type, (postsByType.get(type) ?? 0) + connectionIds.length);
    const b = batch.getStore();
    if (b === undefined) return;
    for (const id of connectionIds) {
      const key = `${b}|${type}|${id}`;
      perBatchConnection.set(key, (perBatchConnection.get(key) ?? 0) + 1);
    }
  };
  const typeOf = (frame: ServerEvent | string) => (typeof frame === 'string' ? 'raw' : frame.type);

  return {
    /** Wraps the poster (posts are counted) and the handler (stream batches are numbered). */
    wrap(handler: WsHandler, deps: WsDeps): WsHandler {
      const real = deps.poster;
      deps.poster = {
        post(connectionId, frame) {
          record(typeOf(frame), [connectionId]);
          return real.post(connectionId, frame);
        },
        postToMany(connectionIds, frame) {
          record(typeOf(frame), connectionIds);
          return real.postToMany(connectionIds, frame);
        },
      };
      return ((event: never, context: never) => {
        if (!('Records' in (event as object))) return handler(event, context);
        batchStarts.push(performance.now());
        return batch.run(batches++, () => handler(event, context));
      }) as WsHandler;
    },
    posts: (type: string) => postsByType.get(type) ?? 0,
    get batches() {
      return batches;
    },
    /** Mean time between stream batches, ms (the batch window a busy room sees). */
    meanBatchIntervalMs() {
      if (batchStarts.length < 2) return NaN;
      return (batchStarts.at(-1)! - batchStarts[0]!) / (batchStarts.length - 1);
    },
    /** The most posts of `type` one connection got from one batch, and the mean over (batch, connection) pairs that got any. */
    perConnectionPerBatch(type: string) {
      let max = 0;
      let sum = 0;
      let pairs = 0;
      for (const [key, n] of perBatchConnection) {
        if (key.split('|')[1] !== type) continue;
        max = Math.max(max, n);
        sum += n;
        pairs++;
      }
      return { max, mean: pairs ? sum / pairs : 0, batchesWithAny: new Set([...perBatchConnection.keys()].filter((k) => k.split('|')[1] === type).map((k) => k.split('|')[0])).size };
    },
  };
}
