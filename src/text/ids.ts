/**
 * Every UI message id of Kratos v0.8.2-alpha.1 (ui.md §7), the one place they are spelled out.
 * The `…Root` entries are namespace roots that are never sent.
 */
export const TextId = {
  // 101xxxx login
  LoginRoot: 1010000,
  LoginSignIn: 1010001,
  LoginSignInWith: 1010002,
  LoginReauth: 1010003,
  LoginMfa: 1010004,
  LoginVerify: 1010005,
  LoginTotpLabel: 1010006,
  LoginLookupLabel: 1010007,
  LoginWebAuthn: 1010008,
  LoginTotp: 1010009,
  LoginLookup: 1010010,
  // 102xxxx logout, 103xxxx MFA: only the roots exist in this version
  LogoutRoot: 1020000,
  MfaRoot: 1030000,
  // 104xxxx registration
  RegistrationRoot: 1040000,
  RegistrationSignUp: 1040001,
  RegistrationSignUpWith: 1040002,
  RegistrationContinue: 1040003,
  // 105xxxx settings
  SettingsRoot: 1050000,
  SettingsSaved: 1050001,
  SettingsLink: 1050002,
  SettingsUnlink: 1050003,
  SettingsTotpUnlink: 1050004,
  SettingsTotpQr: 1050005,
  /** Both the TOTP secret text and (upstream slip) its label. */
  SettingsTotpSecret: 1050006,
  SettingsLookupReveal: 1050007,
  SettingsLookupRegenerate: 1050008,
  SettingsLookupSecret: 1050009,
  SettingsLookupSecretsLabel: 1050010,
  SettingsLookupConfirm: 1050011,
  /** Both "Add security key" and (upstream slip) the remove-key label. */
  SettingsWebAuthnRegister: 1050012,
  SettingsWebAuthnDisplayName: 1050013,
  SettingsLookupSecretUsed: 1050014,
  SettingsLookupSecretList: 1050015,
  SettingsLookupDisable: 1050016,
  /** Intended for the TOTP secret label; never sent. */
  SettingsTotpSecretLabel: 1050017,
  // 106xxxx recovery
  RecoveryRoot: 1060000,
  RecoverySuccessful: 1060001,
  RecoveryEmailSent: 1060002,
  // 107xxxx node labels
  LabelRoot: 1070000,
  LabelPassword: 1070001,
  LabelGenerated: 1070002,
  LabelSave: 1070003,
  LabelId: 1070004,
  LabelSubmit: 1070005,
  LabelVerifyCode: 1070006,
  LabelEmail: 1070007,
  // 108xxxx verification
  VerificationRoot: 1080000,
  VerificationEmailSent: 1080001,
  VerificationSuccessful: 1080002,
  // 400xxxx validation
  ValidationRoot: 4000000,
  ValidationGeneric: 4000001,
  ValidationRequired: 4000002,
  ValidationMinLength: 4000003,
  ValidationInvalidFormat: 4000004,
  ValidationPasswordPolicy: 4000005,
  ValidationInvalidCredentials: 4000006,
  ValidationDuplicateCredentials: 4000007,
  ValidationTotpVerifierWrong: 4000008,
  ValidationIdentifierMissing: 4000009,
  ValidationAddressNotVerified: 4000010,
  ValidationNoTotpDevice: 4000011,
  ValidationLookupInvalid: 4000012,
  ValidationNoWebAuthnDevice: 4000013,
  ValidationNoLookup: 4000014,
  // 401xxxx login flow
  LoginFlowRoot: 4010000,
  LoginFlowExpired: 4010001,
  LoginNoStrategy: 4010002,
  RegistrationNoStrategy: 4010003,
  SettingsNoStrategy: 4010004,
  RecoveryNoStrategy: 4010005,
  VerificationNoStrategy: 4010006,
  // 404xxxx registration flow
  RegistrationFlowRoot: 4040000,
  RegistrationFlowExpired: 4040001,
  // 405xxxx settings flow
  SettingsFlowRoot: 4050000,
  SettingsFlowExpired: 4050001,
  // 406xxxx recovery flow
  RecoveryFlowRoot: 4060000,
  RecoveryRetrySuccess: 4060001,
  RecoveryStateFailure: 4060002,
  RecoveryMissingRecoveryToken: 4060003,
  RecoveryTokenInvalid: 4060004,
  RecoveryFlowExpired: 4060005,
  // 407xxxx verification flow
  VerificationFlowRoot: 4070000,
  VerificationTokenInvalid: 4070001,
  VerificationRetrySuccess: 4070002,
  VerificationStateFailure: 4070003,
  VerificationMissingToken: 4070004,
  VerificationFlowExpired: 4070005,
  // 500xxxx system
  SystemRoot: 5000000,
  SystemGeneric: 5000001,
} as const;

export type TextIdName = keyof typeof TextId;
