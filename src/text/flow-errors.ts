import { formatTime } from '../x/time.js';
import { minutesText } from './format.js';
import { TextId } from './ids.js';
import { error } from './message.js';
import type { UiText } from './message.js';

/**
 * The "flow expired" messages. `agoMs` = how long ago the flow expired. `expired_at` is the
 * instant of expiry (now - agoMs); upstream added instead of subtracting and reported a future
 * instant (ui.md §7.10 note) — same key and format, correct value.
 */
function expired(id: number, flow: string, agoMs: number, now: Date): UiText {
  return error(id, `The ${flow} flow expired ${minutesText(agoMs)} minutes ago, please try again.`, {
    expired_at: formatTime(new Date(now.getTime() - agoMs)),
  });
}

const noStrategy = (id: number, what: string): UiText =>
  error(id, `Could not find a strategy to ${what}. Did you fill out the form correctly?`);

/** 4010001 */
export const loginFlowExpired = (agoMs: number, now: Date = new Date()): UiText =>
  expired(TextId.LoginFlowExpired, 'login', agoMs, now);

/** 4010002 */
export const loginNoStrategy = (): UiText => noStrategy(TextId.LoginNoStrategy, 'log you in with');

/** 4010003 */
export const registrationNoStrategy = (): UiText => noStrategy(TextId.RegistrationNoStrategy, 'sign you up with');

/** 4010004 */
export const settingsNoStrategy = (): UiText => noStrategy(TextId.SettingsNoStrategy, 'update your settings');

/** 4010005 */
export const recoveryNoStrategy = (): UiText => noStrategy(TextId.RecoveryNoStrategy, 'recover your account with');

/** 4010006 */
export const verificationNoStrategy = (): UiText =>
  noStrategy(TextId.VerificationNoStrategy, 'verify your account with');

/** 4040001 */
export const registrationFlowExpired = (agoMs: number, now: Date = new Date()): UiText =>
  expired(TextId.RegistrationFlowExpired, 'registration', agoMs, now);

/** 4050001 */
export const settingsFlowExpired = (agoMs: number, now: Date = new Date()): UiText =>
  expired(TextId.SettingsFlowExpired, 'settings', agoMs, now);

const ALREADY_COMPLETED = 'The request was already completed successfully and can not be retried.';

/** 4060001 — recovery flow already `passed_challenge`. */
export const recoveryRetrySuccess = (): UiText => error(TextId.RecoveryRetrySuccess, ALREADY_COMPLETED, {});

/** 4060002 — recovery flow in an unknown state. */
export const recoveryStateFailure = (): UiText =>
  error(TextId.RecoveryStateFailure, 'The recovery flow reached a failure state and must be retried.', {});

/** 4060004 — unknown or used recovery token. */
export const recoveryTokenInvalid = (): UiText =>
  error(TextId.RecoveryTokenInvalid, 'The recovery token is invalid or has already been used. Please retry the flow.', {});

/** 4060005 — recovery flow or token expired. */
export const recoveryFlowExpired = (agoMs: number, now: Date = new Date()): UiText =>
  expired(TextId.RecoveryFlowExpired, 'recovery', agoMs, now);

/** 4070001 — unknown or used verification token. */
export const verificationTokenInvalid = (): UiText =>
  error(
    TextId.VerificationTokenInvalid,
    'The verification token is invalid or has already been used. Please retry the flow.',
    {},
  );

/** 4070002 — verification flow already `passed_challenge`. */
export const verificationRetrySuccess = (): UiText => error(TextId.VerificationRetrySuccess, ALREADY_COMPLETED, {});

/** 4070003 — verification flow in an unknown state. */
export const verificationStateFailure = (): UiText =>
  error(TextId.VerificationStateFailure, 'The verification flow reached a failure state and must be retried.', {});

/** 4070005 — verification flow or token expired. */
export const verificationFlowExpired = (agoMs: number, now: Date = new Date()): UiText =>
  expired(TextId.VerificationFlowExpired, 'verification', agoMs, now);
