import { createHmac } from 'node:crypto';
import { sha256Hex } from '../x/random.js';

/**
 * Session tokens are stored only as SHA-256 hashes: the tokens carry ~190 bits of entropy, so
 * an unsalted fast hash is enough to make a leaked table useless, and lookup stays one index hit.
 */
export const hashToken = (token: string): string => sha256Hex(token);

const ALPHANUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * The logout token is derived from the session token with a server secret, so it need not be
 * stored in plain text either: whoever holds the session can be shown it again, and the
 * database only keeps its hash.
 */
export function deriveLogoutToken(sessionToken: string, secret: string): string {
  const mac = createHmac('sha256', secret).update('logout\0' + sessionToken).digest();
  let out = '';
  for (let i = 0; out.length < 32; i++) out += ALPHANUM[(mac[i % mac.length] as number) % 62];
  return out;
}
