/**
 * The password policy applied on registration and on password change (config.md §2.3, ui.md §6).
 * Only the breach check is configurable; the length and similarity rules are fixed.
 */
import type { Config } from '../../../config/config.js';
import { BCRYPT_MAX_PASSWORD_BYTES } from '../../../hash/bcrypt.js';
import { utf8Length } from '../../../hash/encoding.js';
import { BCRYPT_TOO_LONG_REASON, PasswordTooLongError } from '../../../hash/errors.js';
import type { HashAlgorithm } from '../../../hash/hasher.js';
import { BreachCheckUnavailableError, BreachChecker } from './policy-breach.js';
import { isTooSimilar } from './policy-similarity.js';

/** UI message 4000005, whose text is `The password can not be used because <reason>.` */
export const PASSWORD_POLICY_MESSAGE_ID = 4000005;

export const MIN_PASSWORD_LENGTH = 8;
export const TOO_SIMILAR_REASON = 'the password is too similar to the user identifier';
export const BREACHED_REASON = 'the password has been found in data breaches and must no longer be used';
export const tooShortReason = (got: number): string =>
  `password length must be at least ${MIN_PASSWORD_LENGTH} characters but only got ${got}`;

/** A password refused by policy; `reason` is the exact upstream text shown in message 4000005. */
export class PasswordPolicyError extends Error {
  readonly messageId = PASSWORD_POLICY_MESSAGE_ID;

  constructor(readonly reason: string) {
    super(`The password can not be used because ${reason}.`);
    this.name = 'PasswordPolicyError';
  }
}

/**
 * The 4000005 reason for errors from this policy *and* from the bcrypt hasher (which refuses
 * > 72 bytes on its own), so a caller maps both with one check. Undefined for anything else.
 */
export function passwordPolicyReason(err: unknown): string | undefined {
  if (err instanceof PasswordPolicyError || err instanceof PasswordTooLongError) return err.reason;
  return undefined;
}

/** `selfservice.methods.password.config` plus the hasher the password will be stored with. */
export interface PasswordPolicySettings {
  haveibeenpwnedEnabled: boolean;
  haveibeenpwnedHost: string;
  maxBreaches: number;
  ignoreNetworkErrors: boolean;
  /** With bcrypt, passwords over 72 bytes are refused. */
  hashAlgorithm: HashAlgorithm;
}

export interface PasswordPolicyOptions {
  /** Scheme for the breach API; `http` only for loopback stand-ins in tests. */
  scheme?: 'https' | 'http';
  timeoutMs?: number;
  cacheTtlMs?: number;
  cacheMaxPrefixes?: number;
  now?: () => number;
}

export type PasswordPolicyConfig = { readonly raw: Pick<Config['raw'], 'selfservice' | 'hashers'> };

export function policySettingsFromConfig(config: PasswordPolicyConfig): PasswordPolicySettings {
  const c = config.raw.selfservice.methods.password.config;
  return {
    haveibeenpwnedEnabled: c.haveibeenpwned_enabled,
    // Gatehouse accepts an explicit scheme (`http://mirror.internal:8080`) for a private
    // range-API mirror; a bare host means https as upstream.
    haveibeenpwnedHost: c.haveibeenpwned_host.replace(/^https?:\/\//, ''),
    maxBreaches: c.max_breaches,
    ignoreNetworkErrors: c.ignore_network_errors,
    hashAlgorithm: config.raw.hashers.algorithm,
  };
}

export class PasswordPolicy {
  private readonly breaches: BreachChecker;

  constructor(
    readonly settings: PasswordPolicySettings,
    opts: PasswordPolicyOptions = {},
  ) {
    this.breaches = new BreachChecker({ host: settings.haveibeenpwnedHost, ...opts });
  }

  static fromConfig(config: PasswordPolicyConfig, opts: PasswordPolicyOptions = {}): PasswordPolicy {
    const host = config.raw.selfservice.methods.password.config.haveibeenpwned_host;
    const scheme = host.startsWith('http://') ? 'http' : 'https';
    return new PasswordPolicy(policySettingsFromConfig(config), { scheme, ...opts });
  }

  /** Range requests made so far (cache misses). */
  get breachRequests(): number {
    return this.breaches.requestCount;
  }

  /**
   * Resolves when `password` may be used with this identifier; otherwise rejects with a
   * PasswordPolicyError (or, when the breach API answers 200 with garbage, a 500
   * GatehouseError, as upstream). Callers check every identifier of the identity in turn.
   *
   * Order follows upstream: the 72-byte bcrypt limit first (upstream hashes before it validates),
   * then length and similarity — both measured like Go, in UTF-8 bytes — then the breach check.
   */
  async validate(identifier: string, password: string): Promise<void> {
    const bytes = utf8Length(password);
    if (this.settings.hashAlgorithm === 'bcrypt' && bytes > BCRYPT_MAX_PASSWORD_BYTES) {
      throw new PasswordPolicyError(BCRYPT_TOO_LONG_REASON);
    }
    if (bytes < MIN_PASSWORD_LENGTH) throw new PasswordPolicyError(tooShortReason(bytes));
    if (isTooSimilar(identifier, password)) throw new PasswordPolicyError(TOO_SIMILAR_REASON);
    if (!this.settings.haveibeenpwnedEnabled) return;

    let count: number;
    try {
      count = await this.breaches.breachCount(password);
    } catch (err) {
      if (!(err instanceof BreachCheckUnavailableError)) throw err;
      if (this.settings.ignoreNetworkErrors) return;
      throw new PasswordPolicyError(err.message);
    }
    if (count > this.settings.maxBreaches) throw new PasswordPolicyError(BREACHED_REASON);
  }
}
