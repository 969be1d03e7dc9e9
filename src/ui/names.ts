/** Wire constants of the UI: node groups, the fixed node names and input types (ui.md §2–§5). */

export const NodeGroup = {
  Default: 'default',
  Password: 'password',
  Oidc: 'oidc',
  Profile: 'profile',
  Link: 'link',
  Totp: 'totp',
  LookupSecret: 'lookup_secret',
  WebAuthn: 'webauthn',
} as const;

/** A node group; strategies may add their own, so any string is accepted. */
export type NodeGroupName = (typeof NodeGroup)[keyof typeof NodeGroup] | (string & {});

export const NodeName = {
  Csrf: 'csrf_token',
  Method: 'method',
  Password: 'password',
  PasswordIdentifier: 'password_identifier',
  Provider: 'provider',
  Link: 'link',
  Unlink: 'unlink',
  Email: 'email',
  TotpCode: 'totp_code',
  TotpQr: 'totp_qr',
  TotpSecretKey: 'totp_secret_key',
  TotpUnlink: 'totp_unlink',
  LookupSecret: 'lookup_secret',
  LookupReveal: 'lookup_secret_reveal',
  LookupRegenerate: 'lookup_secret_regenerate',
  LookupCodes: 'lookup_secret_codes',
  LookupConfirm: 'lookup_secret_confirm',
  LookupDisable: 'lookup_secret_disable',
  WebAuthnLogin: 'webauthn_login',
  WebAuthnLoginTrigger: 'webauthn_login_trigger',
  WebAuthnRegister: 'webauthn_register',
  WebAuthnRegisterTrigger: 'webauthn_register_trigger',
  WebAuthnRegisterDisplayName: 'webauthn_register_displayname',
  WebAuthnRemove: 'webauthn_remove',
  WebAuthnScript: 'webauthn_script',
} as const;

/** Prefix of the schema-generated trait inputs (`traits.email`). */
export const TRAITS_PREFIX = 'traits';

export const INPUT_TYPES = [
  'text',
  'password',
  'number',
  'checkbox',
  'hidden',
  'email',
  'submit',
  'button',
  'datetime-local',
  'date',
  'url',
] as const;

export type InputType = (typeof INPUT_TYPES)[number];

export const NODE_TYPES = ['input', 'text', 'img', 'a', 'script'] as const;

export type NodeType = (typeof NODE_TYPES)[number];
