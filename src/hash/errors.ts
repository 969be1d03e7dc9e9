/** Typed errors of the hash module; callers map them to UI messages, never to 500s. */

/** ui.md §6: the reason of message 4000005 when bcrypt would silently truncate the password. */
export const BCRYPT_TOO_LONG_REASON = 'passwords are limited to a maximum length of 72 characters';

/**
 * Thrown by the bcrypt hasher for passwords over 72 bytes. bcrypt ignores everything past byte
 * 72, so accepting such a password would make its tail meaningless; upstream refuses it instead.
 */
export class PasswordTooLongError extends Error {
  readonly reason = BCRYPT_TOO_LONG_REASON;

  constructor() {
    super(BCRYPT_TOO_LONG_REASON);
    this.name = 'PasswordTooLongError';
  }
}

/** A hasher configuration that cannot produce hashes (caught at start-up, not per request). */
export class HasherConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HasherConfigError';
  }
}
