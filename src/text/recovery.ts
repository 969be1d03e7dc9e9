import { formatTime } from '../x/time.js';
import { minutesText } from './format.js';
import { TextId } from './ids.js';
import { info } from './message.js';
import type { UiText } from './message.js';

/**
 * 1060001 — message of the settings flow created by a recovery; the minutes are the time left
 * from `now` until the privileged session ends.
 */
export const recoverySuccessful = (privilegedSessionExpiresAt: Date, now: Date = new Date()): UiText =>
  info(
    TextId.RecoverySuccessful,
    'You successfully recovered your account. Please change your password or set up an alternative login method ' +
      `(e.g. social sign in) within the next ${minutesText(privilegedSessionExpiresAt.getTime() - now.getTime())} minutes.`,
    { privilegedSessionExpiresAt: formatTime(privilegedSessionExpiresAt) },
  );

/** 1060002 — recovery flow message in `sent_email`. */
export const recoveryEmailSent = (): UiText =>
  info(TextId.RecoveryEmailSent, 'An email containing a recovery link has been sent to the email address you provided.', {});
