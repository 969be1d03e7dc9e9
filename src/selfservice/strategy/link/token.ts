import { createHmac } from 'node:crypto';
import { randomAlphanumeric } from '../../../x/random.js';

/** Length of recovery and verification link tokens (flows.md §4.4). */
export const LINK_TOKEN_LENGTH = 32;

/** A new link token: 32 random characters of [A-Za-z0-9]. */
export const newLinkToken = (): string => randomAlphanumeric(LINK_TOKEN_LENGTH);

/**
 * What the database stores for a token: hex(HMAC-SHA512/256(secret, token)) (datamodel.md §5),
 * so a leaked table holds no usable link.
 */
export const hashLinkToken = (secret: string, token: string): string =>
  createHmac('sha512-256', secret).update(token).digest('hex');

/** The stored forms under every configured secret; the first secret signs new tokens. */
export const linkTokenCandidates = (secrets: readonly string[], token: string): string[] =>
  secrets.map((s) => hashLinkToken(s, token));

/** Only well-formed tokens reach the database. */
export const isLinkTokenShaped = (token: string): boolean => /^[A-Za-z0-9]{1,128}$/.test(token);
