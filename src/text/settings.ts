import { formatTime } from '../x/time.js';
import { goTimeString } from './format.js';
import { TextId } from './ids.js';
import { info } from './message.js';
import type { UiText } from './message.js';

/** 1050001 — flow message after a successful settings update. */
export const settingsSaved = (): UiText => info(TextId.SettingsSaved, 'Your changes have been saved!');

/** 1050002 — label of `link`. */
export const settingsLink = (provider: string): UiText => info(TextId.SettingsLink, `Link ${provider}`, { provider });

/** 1050003 — label of `unlink`. */
export const settingsUnlink = (provider: string): UiText =>
  info(TextId.SettingsUnlink, `Unlink ${provider}`, { provider });

/** 1050004 — label of `totp_unlink`. */
export const settingsTotpUnlink = (): UiText => info(TextId.SettingsTotpUnlink, 'Unlink TOTP Authenticator App');

/** 1050005 — label of `totp_qr`. */
export const settingsTotpQr = (): UiText => info(TextId.SettingsTotpQr, 'Authenticator app QR code');

/** 1050006 — text of `totp_secret_key`: the base32 secret. */
export const settingsTotpSecret = (secret: string): UiText => info(TextId.SettingsTotpSecret, secret, { secret });

/** 1050006 (upstream meant 1050017) — label of `totp_secret_key`. */
export const settingsTotpSecretLabel = (): UiText =>
  info(TextId.SettingsTotpSecret, 'This is your authenticator app secret. Use it if you can not scan the QR code.');

/** 1050007 — label of `lookup_secret_reveal`. */
export const settingsLookupReveal = (): UiText => info(TextId.SettingsLookupReveal, 'Reveal backup recovery codes');

/** 1050008 — label of `lookup_secret_regenerate`. */
export const settingsLookupRegenerate = (): UiText =>
  info(TextId.SettingsLookupRegenerate, 'Generate new backup recovery codes');

/** 1050009 — one unused recovery code in the codes list. */
export const settingsLookupSecret = (code: string): UiText => info(TextId.SettingsLookupSecret, code, { secret: code });

/** 1050010 — label of `lookup_secret_codes`. */
export const settingsLookupSecretsLabel = (): UiText =>
  info(TextId.SettingsLookupSecretsLabel, 'These are your back up recovery codes. Please keep them in a safe place!');

/** 1050011 — label of `lookup_secret_confirm`. */
export const settingsLookupConfirm = (): UiText => info(TextId.SettingsLookupConfirm, 'Confirm backup recovery codes');

/** 1050012 — label of `webauthn_register_trigger`. */
export const settingsWebAuthnRegister = (): UiText => info(TextId.SettingsWebAuthnRegister, 'Add security key');

/** 1050012 (reused upstream) — label of `webauthn_remove`. Context keys in Go's sorted map order. */
export const settingsWebAuthnRemove = (displayName: string, addedAt: Date): UiText =>
  info(TextId.SettingsWebAuthnRegister, `Remove security key "${displayName}"`, {
    added_at: formatTime(addedAt),
    display_name: displayName,
  });

/** 1050013 — label of `webauthn_register_displayname`. */
export const settingsWebAuthnDisplayName = (): UiText =>
  info(TextId.SettingsWebAuthnDisplayName, 'Name of the security key');

/** 1050014 — one used recovery code in the codes list. */
export const settingsLookupSecretUsed = (usedAt: Date): UiText =>
  info(TextId.SettingsLookupSecretUsed, `Secret was used at ${goTimeString(usedAt)}`, { used_at: formatTime(usedAt) });

/** One recovery code as the codes list needs it. */
export interface LookupCode {
  code: string;
  /** Set once the code has been used. */
  usedAt?: Date;
}

/** 1050015 — text of `lookup_secret_codes`: the codes joined (a used one as `used`), each as a message in `secrets`. */
export const settingsLookupSecretList = (codes: readonly LookupCode[]): UiText =>
  info(TextId.SettingsLookupSecretList, codes.map((c) => (c.usedAt ? 'used' : c.code)).join(', '), {
    secrets: codes.map((c) => (c.usedAt ? settingsLookupSecretUsed(c.usedAt) : settingsLookupSecret(c.code))),
  });

/** 1050016 — label of `lookup_secret_disable`. */
export const settingsLookupDisable = (): UiText => info(TextId.SettingsLookupDisable, 'Disable this method');
