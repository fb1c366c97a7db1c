// 6 and 7: capacity and cost on paper, from published AWS limits and prices (us-east-1).
// Every constant is here with its source, so the tables can be recomputed when they change.

export const aws = {
  /** API Gateway account-level throttle, requests/s, shared by @connections posts. */
  accountThrottle: 10_000,
  /** API Gateway WebSocket: $ per million messages (first billion), metered per 32 KB. */
  wsMessagePerMillion: 1.0,
  /** API Gateway WebSocket: $ per million connection-minutes. */
  connectionMinutePerMillion: 0.25,
  /** Lambda arm64: $ per GB-second, $ per million requests. */
  lambdaGbSecond: 0.0000133334,
  lambdaRequestPerMillion: 0.2,
  /** DynamoDB on-demand (since Nov 2024): $ per million write / read request units. */
  dynamoWruPerMillion: 0.625,
  dynamoRruPerMillion: 0.125,
  /** Stream reads made by a Lambda event source mapping are free. */
  streamReadPerMillion: 0,
} as const;

/** Assumptions about this product's traffic and code (measured locally or chosen). */
export const assume = {
  /** Average stored message, JSON, bytes. */
  messageBytes: 300,
  /** One connection's subscription item, bytes (read by the room Query / the Scan). */
  subscriptionBytes: 200,
  /** A post to @connections inside AWS, ms. */
  postMs: 20,
  /** Posts in flight per invocation (FANOUT_CONCURRENCY). */
  pool: 64,
  /** Event source mapping batch size, and Lambda's base polling of a shard (4/s). */
  batchSize: 100,
  lambdaMemoryGb: 0.25,
  /** sendMessage invocation: GetItem + TransactWrite + post ack, ms. */
  sendMessageMs: 40,
  /** Messages a room's stream batch carries when the room is busy (coalescing), for costs. */
  busyMessagesPerBatch: 10,
  /** One user in a v1 `presence` frame's full `users` list, JSON bytes. */
  presenceUserBytes: 50,
} as const;

const framesPerBatch = (messages: number) => Math.ceil((messages * assume.messageBytes) / (32 * 1024 - 512));

export interface CapacityRow {
  roomSize: number;
  baseline: number;
  oursPerMessage: number;
  oursCoalesced: number;
}

/**
 * Sustainable messages/s into ONE room of `roomSize` connections.
 * - baseline (Scan + a post per connection per message): posts/s = R x msgs/s <= L.
 * - ours without coalescing: the same post budget, L / R.
 * - ours coalescing: one post per connection per stream batch (k messages, <= 32 KB). A room's
 *   records share a partition key, so its batches run one at a time; a batch takes
 *   ceil(R / pool) x postMs, and batches/s <= L / (R x frames). msgs/s = batches/s x k.
 */
export function capacity(roomSize: number, throttle: number = aws.accountThrottle): CapacityRow {
  const k = assume.batchSize;
  const batchSeconds = (Math.ceil(roomSize / assume.pool) * assume.postMs) / 1000;
  const batchesPerSecond = Math.min(1 / batchSeconds, throttle / (roomSize * framesPerBatch(k)));
  return {
    roomSize,
    baseline: throttle / roomSize,
    oursPerMessage: throttle / roomSize,
    oursCoalesced: batchesPerSecond * k,
  };
}

export interface StormCapacityRow {
  roomSize: number;
  /** Joins, leaves and typing events per second in the room. */
  eventsPerSecond: number;
  /** Today: every event posts to every connection of the room, from the same throttle. */
  today: number;
  /** Ours: events ride the stream batches, at most one presence + one typing frame per connection per batch. */
  ours: number;
  /** Posts/s the storm itself costs in each design (at the sustained message rate for ours). */
  todayStormPosts: number;
  oursStormPosts: number;
}

/**
 * Sustainable messages/s into ONE room of `roomSize` connections while `eventsPerSecond` joins,
 * leaves or typing events happen in it (the coalesced message design in both).
 * - today: the storm takes R posts per event (a presence frame of the full list, metered per
 *   32 KB, counts as one request against the throttle): the messages get L - e x R posts/s.
 * - ours: a batch carries its window's events as at most one presence and one typing frame per
 *   connection, posted concurrently with the message frames (as rooms are), so a batch still
 *   takes ceil(R / pool) x postMs; worst case every batch has both kinds: R x (frames + 2) posts.
 */
export function capacityWithStorm(roomSize: number, eventsPerSecond: number, throttle: number = aws.accountThrottle): StormCapacityRow {
  const R = roomSize;
  const k = assume.batchSize;
  const frames = framesPerBatch(k);
  const batchSeconds = (Math.ceil(R / assume.pool) * assume.postMs) / 1000;
  const todayStormPosts = eventsPerSecond * R;
  const todayBatches = Math.max(0, Math.min(1 / batchSeconds, (throttle - todayStormPosts) / (R * frames)));
  // At most one frame of each kind per batch, and never more than one per event.
  const stormFrames = (batches: number) => Math.min(2, eventsPerSecond / batches);
  let oursBatches = Math.min(1 / batchSeconds, throttle / (R * (frames + 2)));
  // With fewer events than batches, most batches carry none: solve for the throttle again.
  oursBatches = Math.min(1 / batchSeconds, throttle / (R * (frames + stormFrames(oursBatches))));
  return {
    roomSize,
    eventsPerSecond,
    today: todayBatches * k,
    ours: oursBatches * k,
    todayStormPosts,
    oursStormPosts: R * oursBatches * stormFrames(oursBatches),
  };
}

export interface CostRow {
  roomSize: number;
  design: string;
  perMillionDeliveries: number;
  breakdown: Record<string, number>;
}

/**
 * Dollars per million delivered messages (one message reaching one connection) at room size R.
 * Per message sent: 1 inbound WebSocket message, a sendMessage Lambda, and the writes; then the
 * fan-out. Connection-minutes are the same for both designs and left out (idle cost, below).
 */
export function cost(roomSize: number, design: 'baseline' | 'ours-quiet' | 'ours-busy', totalConnections = roomSize * 10): CostRow {
  const R = roomSize;
  const million = 1_000_000;
  const messagesPerMillionDeliveries = million / R;
  const perMessage: Record<string, number> = {};
  // Inbound frame + the sendMessage invocation (both designs).
  perMessage.apiGatewayInbound = aws.wsMessagePerMillion / million;
  perMessage.lambdaSend =
    aws.lambdaRequestPerMillion / million + (assume.sendMessageMs / 1000) * assume.lambdaMemoryGb * aws.lambdaGbSecond;
  if (design === 'baseline') {
    // The sample posts inside sendMessage: one post per connection per message, and a Scan of
    // every connection (eventually consistent: 0.5 RRU per 4 KB).
    perMessage.apiGatewayPosts = (R * aws.wsMessagePerMillion) / million;
    const scanRru = Math.ceil((totalConnections * assume.subscriptionBytes) / 4096) * 0.5;
    perMessage.dynamoScan = (scanRru * aws.dynamoRruPerMillion) / million;
    perMessage.dynamoWrite = (1 * aws.dynamoWruPerMillion) / million;
    const fanOutSeconds = (assume.postMs + Math.ceil(totalConnections / 1000) * 10) / 1000; // Promise.all: ~one round
    perMessage.lambdaFanOut = fanOutSeconds * assume.lambdaMemoryGb * aws.lambdaGbSecond;
  } else {
    const k = design === 'ours-busy' ? assume.busyMessagesPerBatch : 1;
    // Per batch, per room: one Query of the room's subscriptions, R posts per 32 KB frame, one invocation.
    const frames = framesPerBatch(k);
    perMessage.apiGatewayPosts = (R * frames * aws.wsMessagePerMillion) / million / k;
    const queryRru = Math.ceil((R * assume.subscriptionBytes) / 4096) * 0.5;
    perMessage.dynamoQuery = (queryRru * aws.dynamoRruPerMillion) / million / k;
    // Message + clientMsgId claim in one transaction (2 WRU each), the membership GetItem.
    perMessage.dynamoWrite = (4 * aws.dynamoWruPerMillion) / million + (0.5 * aws.dynamoRruPerMillion) / million;
    const batchSeconds = (Math.ceil(R / assume.pool) * frames * assume.postMs) / 1000;
    perMessage.lambdaFanOut =
      (aws.lambdaRequestPerMillion / million + batchSeconds * assume.lambdaMemoryGb * aws.lambdaGbSecond) / k;
  }
  const breakdown = Object.fromEntries(Object.entries(perMessage).map(([key, v]) => [key, v * messagesPerMillionDeliveries]));
  return {
    roomSize,
    design,
    perMillionDeliveries: Object.values(breakdown).reduce((a, b) => a + b, 0),
    breakdown,
  };
}
