/**
 * Request bodies of the self-service submit endpoints, one type per method (spec api.md §2.4,
 * §3.4, §4.4, §5.4, §6.3). Each union is discriminated by `method` where the server requires it.
 * `csrf_token` is required for browser flows (take it from the flow's `csrf_token` node) and
 * ignored for API flows.
 *
 * @module
 */
import type { IdentityTraits } from './identity.js';

/** The CSRF field every browser-flow body carries. */
export type WithCsrfToken = {
  /** Value of the flow's `csrf_token` node; required for browser flows. */
  csrf_token?: string;
};

/** Login with identifier and password. */
export type SubmitSelfServiceLoginFlowWithPasswordMethodBody = WithCsrfToken & {
  /** Always `password`. */
  method: 'password';
  /** The identifier (e.g. email address); case-insensitive. */
  password_identifier: string;
  /** The password. */
  password: string;
};

/** Login through a social sign-in provider (browser flows only). */
export type SubmitSelfServiceLoginFlowWithOidcMethodBody = WithCsrfToken & {
  /** `oidc`; optional, the strategy is selected by `provider`. */
  method?: 'oidc';
  /** Configured provider id. */
  provider: string;
  /** Traits to prefill when the login turns into a registration. */
  traits?: Record<string, unknown>;
};

/** Second factor with a TOTP code. */
export type SubmitSelfServiceLoginFlowWithTotpMethodBody = WithCsrfToken & {
  /** Always `totp`. */
  method: 'totp';
  /** The six-digit code. */
  totp_code: string;
};

/** Second factor with a backup code. */
export type SubmitSelfServiceLoginFlowWithLookupSecretMethodBody = WithCsrfToken & {
  /** Always `lookup_secret`. */
  method: 'lookup_secret';
  /** One unused backup code. */
  lookup_secret: string;
};

/** Login with a security key (browser flows only). */
export type SubmitSelfServiceLoginFlowWithWebAuthnMethodBody = WithCsrfToken & {
  /** `webauthn`; optional, the strategy is selected by `webauthn_login`. */
  method?: 'webauthn';
  /** The JSON string produced by the `webauthn.js` helper. */
  webauthn_login: string;
};

/** Body of `submitSelfServiceLoginFlow`. */
export type SubmitSelfServiceLoginFlowBody =
  | SubmitSelfServiceLoginFlowWithPasswordMethodBody
  | SubmitSelfServiceLoginFlowWithOidcMethodBody
  | SubmitSelfServiceLoginFlowWithTotpMethodBody
  | SubmitSelfServiceLoginFlowWithLookupSecretMethodBody
  | SubmitSelfServiceLoginFlowWithWebAuthnMethodBody;

/** Registration with a password. */
export type SubmitSelfServiceRegistrationFlowWithPasswordMethodBody<TTraits = IdentityTraits> = WithCsrfToken & {
  /** Always `password`. */
  method: 'password';
  /** The password. */
  password: string;
  /** Traits, validated against the identity schema. */
  traits: TTraits;
};

/** Registration through a social sign-in provider (browser flows only). */
export type SubmitSelfServiceRegistrationFlowWithOidcMethodBody<TTraits = IdentityTraits> = WithCsrfToken & {
  /** `oidc`; optional, the strategy is selected by `provider`. */
  method?: 'oidc';
  /** Configured provider id. */
  provider: string;
  /** Traits to merge over the provider's claims. */
  traits?: Partial<TTraits>;
};

/** Body of `submitSelfServiceRegistrationFlow`. */
export type SubmitSelfServiceRegistrationFlowBody<TTraits = IdentityTraits> =
  | SubmitSelfServiceRegistrationFlowWithPasswordMethodBody<TTraits>
  | SubmitSelfServiceRegistrationFlowWithOidcMethodBody<TTraits>;

/** Settings: replace the traits. */
export type SubmitSelfServiceSettingsFlowWithProfileMethodBody<TTraits = IdentityTraits> = WithCsrfToken & {
  /** Always `profile`. */
  method: 'profile';
  /** The new traits document (replaces the whole document). */
  traits: TTraits;
};

/** Settings: set a new password. */
export type SubmitSelfServiceSettingsFlowWithPasswordMethodBody = WithCsrfToken & {
  /** Always `password`. */
  method: 'password';
  /** The new password. */
  password: string;
};

/** Settings: link or unlink a social sign-in provider (browser flows only; no CSRF check). */
export type SubmitSelfServiceSettingsFlowWithOidcMethodBody = {
  /** `oidc`; optional, the strategy is selected by `link`/`unlink`. */
  method?: 'oidc';
  /** Provider id to link. */
  link?: string;
  /** Provider id to unlink. */
  unlink?: string;
  /** The flow id (also taken from the query). */
  flow?: string;
  /** Traits (unused by linking). */
  traits?: Record<string, unknown>;
};

/** Settings: enable (`totp_code`) or remove (`totp_unlink`) a TOTP app. */
export type SubmitSelfServiceSettingsFlowWithTotpMethodBody = WithCsrfToken & {
  /** Always `totp`. */
  method: 'totp';
  /** Code that proves the app was set up. */
  totp_code?: string;
  /** `true` removes the TOTP app. */
  totp_unlink?: boolean;
};

/** Settings: manage backup codes; set exactly one action. */
export type SubmitSelfServiceSettingsFlowWithLookupMethodBody = WithCsrfToken & {
  /** `lookup_secret`; forced by the server. */
  method?: 'lookup_secret';
  /** Generate new codes (shown, not yet saved). */
  lookup_secret_regenerate?: boolean;
  /** Save the codes generated before. */
  lookup_secret_confirm?: boolean;
  /** Show the current codes. */
  lookup_secret_reveal?: boolean;
  /** Delete the codes. */
  lookup_secret_disable?: boolean;
};

/** Settings: add or remove a security key (browser flows only). */
export type SubmitSelfServiceSettingsFlowWithWebAuthnMethodBody = WithCsrfToken & {
  /** `webauthn`; optional, the strategy is selected by its fields. */
  method?: 'webauthn';
  /** The JSON string produced by the `webauthn.js` helper. */
  webauthn_register?: string;
  /** Name of the new key; required with `webauthn_register`. */
  webauthn_register_displayname?: string;
  /** Hex id of the key to remove. */
  webauthn_remove?: string;
};

/** Body of `submitSelfServiceSettingsFlow`. */
export type SubmitSelfServiceSettingsFlowBody<TTraits = IdentityTraits> =
  | SubmitSelfServiceSettingsFlowWithProfileMethodBody<TTraits>
  | SubmitSelfServiceSettingsFlowWithPasswordMethodBody
  | SubmitSelfServiceSettingsFlowWithOidcMethodBody
  | SubmitSelfServiceSettingsFlowWithTotpMethodBody
  | SubmitSelfServiceSettingsFlowWithLookupMethodBody
  | SubmitSelfServiceSettingsFlowWithWebAuthnMethodBody;

/** Recovery: send a recovery link to an email address. */
export type SubmitSelfServiceRecoveryFlowWithLinkMethodBody = WithCsrfToken & {
  /** Always `link`. */
  method: 'link';
  /** The address to send the link to (known or not, the answer is the same). */
  email: string;
};

/** Body of `submitSelfServiceRecoveryFlow`. */
export type SubmitSelfServiceRecoveryFlowBody = SubmitSelfServiceRecoveryFlowWithLinkMethodBody;

/** Verification: send a verification link to an email address. */
export type SubmitSelfServiceVerificationFlowWithLinkMethodBody = WithCsrfToken & {
  /** Always `link`. */
  method: 'link';
  /** The address to verify. */
  email: string;
};

/** Body of `submitSelfServiceVerificationFlow`. */
export type SubmitSelfServiceVerificationFlowBody = SubmitSelfServiceVerificationFlowWithLinkMethodBody;
