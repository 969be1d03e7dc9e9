import { TextId } from './ids.js';
import { info } from './message.js';
import type { UiText } from './message.js';

/** 1080001 — verification flow message in `sent_email`. */
export const verificationEmailSent = (): UiText =>
  info(
    TextId.VerificationEmailSent,
    'An email containing a verification link has been sent to the email address you provided.',
    {},
  );

/** 1080002 — verification flow message in `passed_challenge`. */
export const verificationSuccessful = (): UiText =>
  info(TextId.VerificationSuccessful, 'You successfully verified your email address.');
