import { TextId } from './ids.js';
import { info } from './message.js';
import type { UiText } from './message.js';

/** 1010001 — label of the password login submit. */
export const loginSignIn = (): UiText => info(TextId.LoginSignIn, 'Sign in', {});

/** 1010002 — label of an OIDC login button (`provider` = label or id). */
export const loginSignInWith = (provider: string): UiText =>
  info(TextId.LoginSignInWith, `Sign in with ${provider}`, { provider });

/** 1010003 — flow message of a `refresh=true` login with a session. */
export const loginReauth = (): UiText =>
  info(TextId.LoginReauth, 'Please confirm this action by verifying that it is you.', {});

/** 1010004 — flow message of an AAL upgrade. */
export const loginMfa = (): UiText =>
  info(TextId.LoginMfa, 'Please complete the second authentication challenge.', {});

/** 1010005 — defined, unused. */
export const loginVerify = (): UiText => info(TextId.LoginVerify, 'Verify', {});

/** 1010006 — label of `totp_code` on login. */
export const loginTotpLabel = (): UiText => info(TextId.LoginTotpLabel, 'Authentication code', {});

/** 1010007 — label of `lookup_secret` on login. */
export const loginLookupLabel = (): UiText => info(TextId.LoginLookupLabel, 'Backup recovery code', {});

/** 1010008 — label of `webauthn_login_trigger` (no context). */
export const loginWebAuthn = (): UiText => info(TextId.LoginWebAuthn, 'Use security key');

/** 1010009 — label of the TOTP login submit. */
export const loginTotp = (): UiText => info(TextId.LoginTotp, 'Use Authenticator', {});

/** 1010010 — label of the lookup-secret login submit. */
export const loginLookup = (): UiText => info(TextId.LoginLookup, 'Use backup recovery code', {});
