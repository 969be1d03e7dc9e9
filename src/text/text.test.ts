import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as text from './index.js';
import type { UiText } from './index.js';

const NOW = new Date('2022-01-01T00:00:00Z');
const USED = new Date('2022-01-02T03:04:05Z');

/** Expected rows of ui.md §7, written in the spec's wire key order (id, text, type, context). */
const rows: [string, () => UiText, UiText][] = [
  // 7.1 login
  ['1010001', () => text.loginSignIn(), { id: 1010001, text: 'Sign in', type: 'info', context: {} }],
  ['1010002', () => text.loginSignInWith('GitHub'), { id: 1010002, text: 'Sign in with GitHub', type: 'info', context: { provider: 'GitHub' } }],
  ['1010003', () => text.loginReauth(), { id: 1010003, text: 'Please confirm this action by verifying that it is you.', type: 'info', context: {} }],
  ['1010004', () => text.loginMfa(), { id: 1010004, text: 'Please complete the second authentication challenge.', type: 'info', context: {} }],
  ['1010005', () => text.loginVerify(), { id: 1010005, text: 'Verify', type: 'info', context: {} }],
  ['1010006', () => text.loginTotpLabel(), { id: 1010006, text: 'Authentication code', type: 'info', context: {} }],
  ['1010007', () => text.loginLookupLabel(), { id: 1010007, text: 'Backup recovery code', type: 'info', context: {} }],
  ['1010008', () => text.loginWebAuthn(), { id: 1010008, text: 'Use security key', type: 'info' }],
  ['1010009', () => text.loginTotp(), { id: 1010009, text: 'Use Authenticator', type: 'info', context: {} }],
  ['1010010', () => text.loginLookup(), { id: 1010010, text: 'Use backup recovery code', type: 'info', context: {} }],
  // 7.3 registration
  ['1040001', () => text.registrationSignUp(), { id: 1040001, text: 'Sign up', type: 'info', context: {} }],
  ['1040002', () => text.registrationSignUpWith('google'), { id: 1040002, text: 'Sign up with google', type: 'info', context: { provider: 'google' } }],
  ['1040003', () => text.registrationContinue(), { id: 1040003, text: 'Continue', type: 'info' }],
  // 7.4 settings
  ['1050001', () => text.settingsSaved(), { id: 1050001, text: 'Your changes have been saved!', type: 'info' }],
  ['1050002', () => text.settingsLink('github'), { id: 1050002, text: 'Link github', type: 'info', context: { provider: 'github' } }],
  ['1050003', () => text.settingsUnlink('github'), { id: 1050003, text: 'Unlink github', type: 'info', context: { provider: 'github' } }],
  ['1050004', () => text.settingsTotpUnlink(), { id: 1050004, text: 'Unlink TOTP Authenticator App', type: 'info' }],
  ['1050005', () => text.settingsTotpQr(), { id: 1050005, text: 'Authenticator app QR code', type: 'info' }],
  ['1050006 secret', () => text.settingsTotpSecret('JBSWY3DPEHPK3PXP'), { id: 1050006, text: 'JBSWY3DPEHPK3PXP', type: 'info', context: { secret: 'JBSWY3DPEHPK3PXP' } }],
  ['1050006 label', () => text.settingsTotpSecretLabel(), { id: 1050006, text: 'This is your authenticator app secret. Use it if you can not scan the QR code.', type: 'info' }],
  ['1050007', () => text.settingsLookupReveal(), { id: 1050007, text: 'Reveal backup recovery codes', type: 'info' }],
  ['1050008', () => text.settingsLookupRegenerate(), { id: 1050008, text: 'Generate new backup recovery codes', type: 'info' }],
  ['1050009', () => text.settingsLookupSecret('abcd1234'), { id: 1050009, text: 'abcd1234', type: 'info', context: { secret: 'abcd1234' } }],
  ['1050010', () => text.settingsLookupSecretsLabel(), { id: 1050010, text: 'These are your back up recovery codes. Please keep them in a safe place!', type: 'info' }],
  ['1050011', () => text.settingsLookupConfirm(), { id: 1050011, text: 'Confirm backup recovery codes', type: 'info' }],
  ['1050012 add', () => text.settingsWebAuthnRegister(), { id: 1050012, text: 'Add security key', type: 'info' }],
  ['1050012 remove', () => text.settingsWebAuthnRemove('YubiKey', USED), { id: 1050012, text: 'Remove security key "YubiKey"', type: 'info', context: { added_at: '2022-01-02T03:04:05Z', display_name: 'YubiKey' } }],
  ['1050013', () => text.settingsWebAuthnDisplayName(), { id: 1050013, text: 'Name of the security key', type: 'info' }],
  ['1050014', () => text.settingsLookupSecretUsed(USED), { id: 1050014, text: 'Secret was used at 2022-01-02 03:04:05 +0000 UTC', type: 'info', context: { used_at: '2022-01-02T03:04:05Z' } }],
  [
    '1050015',
    () => text.settingsLookupSecretList([{ code: 'aaaa1111' }, { code: 'bbbb2222', usedAt: USED }, { code: 'cccc3333' }]),
    {
      id: 1050015,
      text: 'aaaa1111, used, cccc3333',
      type: 'info',
      context: {
        secrets: [
          { id: 1050009, text: 'aaaa1111', type: 'info', context: { secret: 'aaaa1111' } },
          { id: 1050014, text: 'Secret was used at 2022-01-02 03:04:05 +0000 UTC', type: 'info', context: { used_at: '2022-01-02T03:04:05Z' } },
          { id: 1050009, text: 'cccc3333', type: 'info', context: { secret: 'cccc3333' } },
        ],
      },
    },
  ],
  ['1050016', () => text.settingsLookupDisable(), { id: 1050016, text: 'Disable this method', type: 'info' }],
  // 7.5 recovery
  [
    '1060001',
    () => text.recoverySuccessful(new Date('2022-01-01T00:15:00Z'), NOW),
    {
      id: 1060001,
      text: 'You successfully recovered your account. Please change your password or set up an alternative login method (e.g. social sign in) within the next 15.00 minutes.',
      type: 'info',
      context: { privilegedSessionExpiresAt: '2022-01-01T00:15:00Z' },
    },
  ],
  ['1060002', () => text.recoveryEmailSent(), { id: 1060002, text: 'An email containing a recovery link has been sent to the email address you provided.', type: 'info', context: {} }],
  // 7.6 labels
  ['1070001', () => text.labelPassword(), { id: 1070001, text: 'Password', type: 'info' }],
  ['1070002', () => text.labelGenerated('Your E-Mail'), { id: 1070002, text: 'Your E-Mail', type: 'info' }],
  ['1070003', () => text.labelSave(), { id: 1070003, text: 'Save', type: 'info' }],
  ['1070004', () => text.labelId(), { id: 1070004, text: 'ID', type: 'info' }],
  ['1070005', () => text.labelSubmit(), { id: 1070005, text: 'Submit', type: 'info' }],
  ['1070006', () => text.labelVerifyCode(), { id: 1070006, text: 'Verify code', type: 'info' }],
  ['1070007', () => text.labelEmail(), { id: 1070007, text: 'Email', type: 'info' }],
  // 7.7 verification
  ['1080001', () => text.verificationEmailSent(), { id: 1080001, text: 'An email containing a verification link has been sent to the email address you provided.', type: 'info', context: {} }],
  ['1080002', () => text.verificationSuccessful(), { id: 1080002, text: 'You successfully verified your email address.', type: 'info' }],
  // 7.8 validation
  ['4000001', () => text.validationGeneric('length must be >= 3, but got 1'), { id: 4000001, text: 'length must be >= 3, but got 1', type: 'error' }],
  ['4000002', () => text.validationRequired('email'), { id: 4000002, text: 'Property email is missing.', type: 'error', context: { property: 'email' } }],
  ['4000003', () => text.validationMinLength(8, 3), { id: 4000003, text: 'Length must be >= 8, but got 3.', type: 'error', context: { actual_length: 3, expected_length: 8 } }],
  ['4000004', () => text.validationInvalidFormat('email', 'a"b\n'), { id: 4000004, text: '"a\\"b\\n" is not valid "email"', type: 'error', context: { actual_value: 'a"b\n', expected_format: 'email' } }],
  ['4000005', () => text.validationPasswordPolicy('the password is too similar to the user identifier'), { id: 4000005, text: 'The password can not be used because the password is too similar to the user identifier.', type: 'error', context: { reason: 'the password is too similar to the user identifier' } }],
  ['4000006', () => text.validationInvalidCredentials(), { id: 4000006, text: 'The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.', type: 'error', context: {} }],
  ['4000007', () => text.validationDuplicateCredentials(), { id: 4000007, text: 'An account with the same identifier (email, phone, username, ...) exists already.', type: 'error', context: {} }],
  ['4000008', () => text.validationTotpVerifierWrong(), { id: 4000008, text: 'The provided authentication code is invalid, please try again.', type: 'error', context: {} }],
  ['4000009', () => text.validationIdentifierMissing(), { id: 4000009, text: 'Could not find any login identifiers. Did you forget to set them?', type: 'error' }],
  ['4000010', () => text.validationAddressNotVerified(), { id: 4000010, text: 'Account not active yet. Did you forget to verify your email address?', type: 'error' }],
  ['4000011', () => text.validationNoTotpDevice(), { id: 4000011, text: 'You have no TOTP device set up.', type: 'error', context: {} }],
  ['4000012 used', () => text.validationLookupAlreadyUsed(), { id: 4000012, text: 'This backup recovery code has already been used.', type: 'error', context: {} }],
  ['4000012 invalid', () => text.validationLookupInvalid(), { id: 4000012, text: 'The backup recovery code is not valid.', type: 'error', context: {} }],
  ['4000013', () => text.validationNoWebAuthnDevice(), { id: 4000013, text: 'You have no WebAuthn device set up.', type: 'error', context: {} }],
  ['4000014', () => text.validationNoLookup(), { id: 4000014, text: 'You have no backup recovery codes set up.', type: 'error', context: {} }],
  // 7.9 flow-level
  ['4010001', () => text.loginFlowExpired(90_000, NOW), { id: 4010001, text: 'The login flow expired 1.50 minutes ago, please try again.', type: 'error', context: { expired_at: '2021-12-31T23:58:30Z' } }],
  ['4010002', () => text.loginNoStrategy(), { id: 4010002, text: 'Could not find a strategy to log you in with. Did you fill out the form correctly?', type: 'error' }],
  ['4010003', () => text.registrationNoStrategy(), { id: 4010003, text: 'Could not find a strategy to sign you up with. Did you fill out the form correctly?', type: 'error' }],
  ['4010004', () => text.settingsNoStrategy(), { id: 4010004, text: 'Could not find a strategy to update your settings. Did you fill out the form correctly?', type: 'error' }],
  ['4010005', () => text.recoveryNoStrategy(), { id: 4010005, text: 'Could not find a strategy to recover your account with. Did you fill out the form correctly?', type: 'error' }],
  ['4010006', () => text.verificationNoStrategy(), { id: 4010006, text: 'Could not find a strategy to verify your account with. Did you fill out the form correctly?', type: 'error' }],
  ['4040001', () => text.registrationFlowExpired(60_000, NOW), { id: 4040001, text: 'The registration flow expired 1.00 minutes ago, please try again.', type: 'error', context: { expired_at: '2021-12-31T23:59:00Z' } }],
  ['4050001', () => text.settingsFlowExpired(123_456, NOW), { id: 4050001, text: 'The settings flow expired 2.06 minutes ago, please try again.', type: 'error', context: { expired_at: '2021-12-31T23:57:56.544Z' } }],
  ['4060001', () => text.recoveryRetrySuccess(), { id: 4060001, text: 'The request was already completed successfully and can not be retried.', type: 'error', context: {} }],
  ['4060002', () => text.recoveryStateFailure(), { id: 4060002, text: 'The recovery flow reached a failure state and must be retried.', type: 'error', context: {} }],
  ['4060004', () => text.recoveryTokenInvalid(), { id: 4060004, text: 'The recovery token is invalid or has already been used. Please retry the flow.', type: 'error', context: {} }],
  ['4060005', () => text.recoveryFlowExpired(7_500, NOW), { id: 4060005, text: 'The recovery flow expired 0.12 minutes ago, please try again.', type: 'error', context: { expired_at: '2021-12-31T23:59:52.5Z' } }],
  ['4070001', () => text.verificationTokenInvalid(), { id: 4070001, text: 'The verification token is invalid or has already been used. Please retry the flow.', type: 'error', context: {} }],
  ['4070002', () => text.verificationRetrySuccess(), { id: 4070002, text: 'The request was already completed successfully and can not be retried.', type: 'error', context: {} }],
  ['4070003', () => text.verificationStateFailure(), { id: 4070003, text: 'The verification flow reached a failure state and must be retried.', type: 'error', context: {} }],
  ['4070005', () => text.verificationFlowExpired(3_600_000, NOW), { id: 4070005, text: 'The verification flow expired 60.00 minutes ago, please try again.', type: 'error', context: { expired_at: '2021-12-31T23:00:00Z' } }],
  // 7.10 system
  ['5000001', () => text.systemGeneric('boom'), { id: 5000001, text: 'boom', type: 'error', context: {} }],
];

/** Ids the catalogue lists as unused namespace roots or never-built messages. */
const UNUSED = [
  1010000, 1020000, 1030000, 1040000, 1050000, 1050017, 1060000, 1070000, 1080000, 4000000, 4010000, 4040000,
  4050000, 4060000, 4060003, 4070000, 4070004, 5000000,
];

describe('text catalogue (ui.md §7)', () => {
  for (const [name, build, expected] of rows) {
    it(`case=${name} has the spec's id, type, text and context (wire order)`, () => {
      const got = build();
      assert.deepEqual(got, expected);
      // Key order and the absence/presence of `context` are part of the wire contract.
      assert.equal(JSON.stringify(got), JSON.stringify(expected));
    });
  }

  it('case=every catalogue id is either built by a constructor or listed as unused', () => {
    const built = new Set(rows.map(([, , e]) => e.id));
    const ids = new Set<number>(Object.values(text.TextId));
    assert.deepEqual([...ids].filter((id) => !built.has(id) && !UNUSED.includes(id)), []);
    assert.deepEqual([...built].filter((id) => !ids.has(id)), []);
    assert.equal(ids.size, built.size + UNUSED.length);
  });

  it('case=flow-expired and recovery minutes use Go %.2f (ties to even)', () => {
    assert.equal(text.goFixed2(0.125), '0.12');
    assert.equal(text.goFixed2(0.375), '0.38');
    assert.equal(text.goFixed2(1.625), '1.62');
    assert.equal(text.goFixed2(2.875), '2.88');
    assert.equal(text.goFixed2(2.675), '2.67');
    assert.equal(text.goFixed2(1.005), '1.00');
    assert.equal(text.goFixed2(59.999), '60.00');
    assert.equal(text.goFixed2(-1.5), '-1.50');
    assert.equal(text.goFixed2(-0.001), '-0.00');
    assert.equal(text.goFixed2(0), '0.00');
    assert.equal(text.minutesText(7_500), '0.12');
  });

  it('case=negative time left keeps the sign (recovery after the privileged window)', () => {
    const t = text.recoverySuccessful(new Date('2021-12-31T23:59:00Z'), NOW);
    assert.match(t.text, /within the next -1\.00 minutes\.$/);
  });

  it('case=Go time.String drops a zero fraction and trims trailing zeros', () => {
    assert.equal(text.goTimeString(new Date('2022-01-02T03:04:05Z')), '2022-01-02 03:04:05 +0000 UTC');
    assert.equal(text.goTimeString(new Date('2022-01-02T03:04:05.120Z')), '2022-01-02 03:04:05.12 +0000 UTC');
  });
});

describe('expired_at of flow expiry messages', () => {
  it('case=expired_at is the instant of expiry, not a future time (upstream added the elapsed time to now)', () => {
    const m = text.loginFlowExpired(90_000, NOW);
    const at = Date.parse(String(m.context?.expired_at));
    assert.ok(at < NOW.getTime(), 'in the past');
    assert.equal(at, NOW.getTime() - 90_000);
  });
});
