import { goQuote } from '../schema/gofmt.js';
import { TextId } from './ids.js';
import { error } from './message.js';
import type { UiText } from './message.js';

/** 4000001 — any validation/error reason text, without context. */
export const validationGeneric = (reason: string): UiText => error(TextId.ValidationGeneric, reason);

/** 4000002 — a required property is missing (`property` = the last path segment). */
export const validationRequired = (property: string): UiText =>
  error(TextId.ValidationRequired, `Property ${property} is missing.`, { property });

/** 4000003 — defined, unused (minimum length errors arrive as 4000001). */
export const validationMinLength = (expected: number, actual: number): UiText =>
  error(TextId.ValidationMinLength, `Length must be >= ${Math.trunc(expected)}, but got ${Math.trunc(actual)}.`, {
    actual_length: actual,
    expected_length: expected,
  });

/** 4000004 — defined, unused (format errors arrive as 4000001). Text uses Go `%q`. */
export const validationInvalidFormat = (format: string, value: string): UiText =>
  error(TextId.ValidationInvalidFormat, `${goQuote(value)} is not valid ${goQuote(format)}`, {
    actual_value: value,
    expected_format: format,
  });

/** 4000005 — password policy violation. */
export const validationPasswordPolicy = (reason: string): UiText =>
  error(TextId.ValidationPasswordPolicy, `The password can not be used because ${reason}.`, { reason });

/** 4000006 — login failed. */
export const validationInvalidCredentials = (): UiText =>
  error(
    TextId.ValidationInvalidCredentials,
    'The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.',
    {},
  );

/** 4000007 — duplicate identifier or address. */
export const validationDuplicateCredentials = (): UiText =>
  error(
    TextId.ValidationDuplicateCredentials,
    'An account with the same identifier (email, phone, username, ...) exists already.',
    {},
  );

/** 4000008 — wrong TOTP code; failed WebAuthn assertion. */
export const validationTotpVerifierWrong = (): UiText =>
  error(TextId.ValidationTotpVerifierWrong, 'The provided authentication code is invalid, please try again.', {});

/** 4000009 — the schema marks no password identifier. */
export const validationIdentifierMissing = (): UiText =>
  error(TextId.ValidationIdentifierMissing, 'Could not find any login identifiers. Did you forget to set them?');

/** 4000010 — `require_verified_address` and no verified address. */
export const validationAddressNotVerified = (): UiText =>
  error(TextId.ValidationAddressNotVerified, 'Account not active yet. Did you forget to verify your email address?');

/** 4000011 — TOTP login without a device. */
export const validationNoTotpDevice = (): UiText =>
  error(TextId.ValidationNoTotpDevice, 'You have no TOTP device set up.', {});

/** 4000012 — the backup code was used before. */
export const validationLookupAlreadyUsed = (): UiText =>
  error(TextId.ValidationLookupInvalid, 'This backup recovery code has already been used.', {});

/** 4000012 (reused upstream) — unknown backup code. */
export const validationLookupInvalid = (): UiText =>
  error(TextId.ValidationLookupInvalid, 'The backup recovery code is not valid.', {});

/** 4000013 — WebAuthn login without keys. */
export const validationNoWebAuthnDevice = (): UiText =>
  error(TextId.ValidationNoWebAuthnDevice, 'You have no WebAuthn device set up.', {});

/** 4000014 — lookup login without codes. */
export const validationNoLookup = (): UiText =>
  error(TextId.ValidationNoLookup, 'You have no backup recovery codes set up.', {});
