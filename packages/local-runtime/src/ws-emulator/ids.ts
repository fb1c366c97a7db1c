// Ids shaped like API Gateway's, so code that stores or logs them meets realistic values.
import { randomBytes } from 'node:crypto';

/** Connection, request and message ids look like `R1kmxc2VNjMCFIA=`: 15 base64 characters and `=`. */
export const awsStyleId = (): string => `${randomBytes(11).toString('base64url')}=`;

const apiIdAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** An API id like `dl7ptocha9`: 10 lower-case letters and digits. */
export const apiStyleId = (): string =>
  Array.from(randomBytes(10), (byte) => apiIdAlphabet[byte % apiIdAlphabet.length]).join('');
