// A fresh clientMsgId (the server dedupes sends by it): 128 random bits as 32 hex characters,
// from getRandomValues, which browsers offer outside secure contexts too (randomUUID they do not).
export function newClientMsgId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
