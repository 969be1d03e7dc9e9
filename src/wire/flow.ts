/**
 * The five self-service flows as they travel on the wire (spec flows.md §3).
 *
 * @module
 */
import type { Identity, IdentityCredentialsType, IdentityTraits } from './identity.js';
import type { UiContainer } from './ui.js';

/** `browser` flows use cookies and CSRF tokens; `api` flows are for native apps (no cookies). */
export type SelfServiceFlowType = 'api' | 'browser';

/** Fields every flow has. */
export type SelfServiceFlowBase = {
  /** Flow id (UUID); pass it as `flow` when submitting. */
  id: string;
  /** Client kind the flow was created for. */
  type: SelfServiceFlowType;
  /** When the flow stops accepting submissions (RFC 3339). */
  expires_at: string;
  /** When the flow was created (RFC 3339). */
  issued_at: string;
  /** Full URL of the request that created the flow. */
  request_url: string;
  /** The `return_to` of `request_url`; absent when none. */
  return_to?: string;
  /** The form to render. */
  ui: UiContainer;
};

/** A login flow. */
export type SelfServiceLoginFlow = SelfServiceFlowBase & {
  /** Method that last acted on the flow; absent when none. */
  active?: IdentityCredentialsType | (string & {});
  /** RFC 3339 time (login flows only). */
  created_at: string;
  /** RFC 3339 time (login flows only). */
  updated_at: string;
  /** Whether this is a re-authentication of an existing session. */
  refresh: boolean;
  /** The assurance level this login must reach. */
  requested_aal: 'aal1' | 'aal2';
};

/** A registration flow. */
export type SelfServiceRegistrationFlow = SelfServiceFlowBase;

/** State of a settings flow. */
export type SelfServiceSettingsFlowState = 'show_form' | 'success';

/** A settings flow. */
export type SelfServiceSettingsFlow<TTraits = IdentityTraits> = SelfServiceFlowBase & {
  /** The identity being edited (no credentials). */
  identity: Identity<TTraits>;
  /** `success` after a successful update. */
  state: SelfServiceSettingsFlowState;
};

/** State of a recovery or verification flow. */
export type SelfServiceChallengeFlowState = 'choose_method' | 'sent_email' | 'passed_challenge';

/** State of a recovery flow. */
export type SelfServiceRecoveryFlowState = SelfServiceChallengeFlowState;

/** State of a verification flow. */
export type SelfServiceVerificationFlowState = SelfServiceChallengeFlowState;

/** A recovery flow. */
export type SelfServiceRecoveryFlow = SelfServiceFlowBase & {
  /** `link` after an email was submitted; on errors the group of the error. */
  active?: string;
  /** Where the flow stands. */
  state: SelfServiceRecoveryFlowState;
};

/** A verification flow. */
export type SelfServiceVerificationFlow = SelfServiceFlowBase & {
  /** `link` after an email was submitted; on errors the group of the error. */
  active?: string;
  /** Where the flow stands. */
  state: SelfServiceVerificationFlowState;
};

/** Any flow. */
export type SelfServiceFlow<TTraits = IdentityTraits> =
  | SelfServiceLoginFlow
  | SelfServiceRegistrationFlow
  | SelfServiceSettingsFlow<TTraits>
  | SelfServiceRecoveryFlow
  | SelfServiceVerificationFlow;

/** The five flow kinds. */
export type SelfServiceFlowKind = 'login' | 'registration' | 'settings' | 'recovery' | 'verification';

/** The wire flow of each kind. */
export type SelfServiceFlowOfKind<TTraits = IdentityTraits> = {
  login: SelfServiceLoginFlow;
  registration: SelfServiceRegistrationFlow;
  settings: SelfServiceSettingsFlow<TTraits>;
  recovery: SelfServiceRecoveryFlow;
  verification: SelfServiceVerificationFlow;
};
