/** Domain model of self-service flows (flows.md §3); wire shapes are written by `wire.ts`. */

export type FlowKind = 'login' | 'registration' | 'settings' | 'recovery' | 'verification';
export type FlowType = 'api' | 'browser';

export interface BaseFlow {
  id: string;
  type: FlowType;
  expiresAt: Date;
  issuedAt: Date;
  /** Full URL of the init request (scheme, Host, path, query); reused for `return_to`. */
  requestUrl: string;
  /** The `ui` container exactly as returned on the wire. */
  ui: Record<string, unknown>;
  /** Masked CSRF token minted when the flow was created (browser flows). */
  csrfToken: string;
  /** Method that last acted on the flow ('' when none). */
  active: string;
  /** Server-side state never serialised (TOTP key URL, WebAuthn session data, …). */
  internalContext: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface LoginFlow extends BaseFlow {
  kind: 'login';
  refresh: boolean;
  requestedAal: 'aal1' | 'aal2';
}

export interface RegistrationFlow extends BaseFlow {
  kind: 'registration';
}

export interface SettingsFlow extends BaseFlow {
  kind: 'settings';
  identityId: string;
  state: 'show_form' | 'success';
}

export type ChallengeState = 'choose_method' | 'sent_email' | 'passed_challenge';

export interface RecoveryFlow extends BaseFlow {
  kind: 'recovery';
  state: ChallengeState;
  recoveredIdentityId: string | null;
}

export interface VerificationFlow extends BaseFlow {
  kind: 'verification';
  state: ChallengeState;
}

export type Flow = LoginFlow | RegistrationFlow | SettingsFlow | RecoveryFlow | VerificationFlow;

export type FlowOfKind<K extends FlowKind> = Extract<Flow, { kind: K }>;

/** The two flows that prove control of an address (flows.md §4.4, §4.5). */
export type ChallengeKind = 'recovery' | 'verification';

/** A recovery or verification flow. */
export type ChallengeFlow = RecoveryFlow | VerificationFlow;
