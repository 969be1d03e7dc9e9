/** Shared helpers for the password-policy tests (not a test file itself). */
import assert from 'node:assert/strict';
import { PasswordPolicyError } from './policy.js';

/** The reason of the PasswordPolicyError that `validation` rejects with; fails if it resolves. */
export async function rejectionReason(validation: Promise<void>): Promise<string> {
  try {
    await validation;
  } catch (err) {
    assert.ok(err instanceof PasswordPolicyError, `expected PasswordPolicyError, got ${String(err)}`);
    return err.reason;
  }
  assert.fail('password was accepted');
}
