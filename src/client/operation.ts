/**
 * The operation ids of the API (the OpenAPI document's, which are the method names of the
 * generated SDKs) and, per operation, the flow an error of that operation may carry.
 *
 * @module
 */
import type {
  IdentityTraits,
  SelfServiceLoginFlow,
  SelfServiceRecoveryFlow,
  SelfServiceRegistrationFlow,
  SelfServiceSettingsFlow,
  SelfServiceVerificationFlow,
} from '../wire/index.js';

/** Operations of the `MetadataApi` of the SDK. */
export type MetadataOperationId = 'getVersion' | 'isAlive' | 'isReady';

/** Operations of the `V0alpha2Api` of the SDK. */
export type V0alpha2OperationId =
  | 'adminCreateIdentity'
  | 'adminCreateSelfServiceRecoveryLink'
  | 'adminDeleteIdentity'
  | 'adminDeleteIdentitySessions'
  | 'adminGetIdentity'
  | 'adminListIdentities'
  | 'adminUpdateIdentity'
  | 'createSelfServiceLogoutFlowUrlForBrowsers'
  | 'getJsonSchema'
  | 'getSelfServiceError'
  | 'getSelfServiceLoginFlow'
  | 'getSelfServiceRecoveryFlow'
  | 'getSelfServiceRegistrationFlow'
  | 'getSelfServiceSettingsFlow'
  | 'getSelfServiceVerificationFlow'
  | 'getWebAuthnJavaScript'
  | 'initializeSelfServiceLoginFlowForBrowsers'
  | 'initializeSelfServiceLoginFlowWithoutBrowser'
  | 'initializeSelfServiceRecoveryFlowForBrowsers'
  | 'initializeSelfServiceRecoveryFlowWithoutBrowser'
  | 'initializeSelfServiceRegistrationFlowForBrowsers'
  | 'initializeSelfServiceRegistrationFlowWithoutBrowser'
  | 'initializeSelfServiceSettingsFlowForBrowsers'
  | 'initializeSelfServiceSettingsFlowWithoutBrowser'
  | 'initializeSelfServiceVerificationFlowForBrowsers'
  | 'initializeSelfServiceVerificationFlowWithoutBrowser'
  | 'listIdentitySchemas'
  | 'submitSelfServiceLoginFlow'
  | 'submitSelfServiceLogoutFlow'
  | 'submitSelfServiceLogoutFlowWithoutBrowser'
  | 'submitSelfServiceRecoveryFlow'
  | 'submitSelfServiceRegistrationFlow'
  | 'submitSelfServiceSettingsFlow'
  | 'submitSelfServiceVerificationFlow'
  | 'toSession';

/** Every operation of the API. */
export type OperationId = V0alpha2OperationId | MetadataOperationId;

/** The flow kind an operation works on, by the naming convention of the operation ids. */
export type FlowKindOf<O extends string> = O extends `${string}SelfServiceLogin${string}`
  ? 'login'
  : O extends `${string}SelfServiceRegistration${string}`
    ? 'registration'
    : O extends `${string}SelfServiceSettings${string}`
      ? 'settings'
      : O extends `${string}SelfServiceRecoveryFlow${string}`
        ? 'recovery'
        : O extends `${string}SelfServiceVerification${string}`
          ? 'verification'
          : never;

/**
 * The flow a failed call of operation `O` can carry in {@link GatehouseApiError.flow}: a 400 of
 * `submitSelfServiceLoginFlow` carries a {@link SelfServiceLoginFlow} with its messages, and so
 * on. `never` for operations without a flow.
 */
export type FlowOfOperation<O extends OperationId, TTraits = IdentityTraits> = {
  login: SelfServiceLoginFlow;
  registration: SelfServiceRegistrationFlow;
  settings: SelfServiceSettingsFlow<TTraits>;
  recovery: SelfServiceRecoveryFlow;
  verification: SelfServiceVerificationFlow;
}[FlowKindOf<O>];
