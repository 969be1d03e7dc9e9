import { TextId } from './ids.js';
import { info } from './message.js';
import type { UiText } from './message.js';

/** 1040001 — label of the password registration submit. */
export const registrationSignUp = (): UiText => info(TextId.RegistrationSignUp, 'Sign up', {});

/** 1040002 — label of an OIDC registration button (`provider` = label or id). */
export const registrationSignUpWith = (provider: string): UiText =>
  info(TextId.RegistrationSignUpWith, `Sign up with ${provider}`, { provider });

/** 1040003 — label of the OIDC button after a failed OIDC registration (no context). */
export const registrationContinue = (): UiText => info(TextId.RegistrationContinue, 'Continue');
