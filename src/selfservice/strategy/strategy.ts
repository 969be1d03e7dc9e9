import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Identity } from '../../identity/identity.js';
import type { AuthenticationMethodName, SessionWithIdentity } from '../../session/session.js';
import type { UiContainer } from '../../ui/index.js';
import type { ChallengeFlows, ChallengePopulator } from '../flow/challenge/service.js';
import type { ChallengeFlow, LoginFlow, RegistrationFlow, SettingsFlow } from '../flow/flow.js';

/**
 * A login/registration method. Strategies answer with a discriminated union instead of
 * sentinel errors: `not-responsible` lets the next strategy try; validation problems are
 * thrown (FieldValidationError, TraitsValidationError or a 400 GatehouseError) and end up
 * in the flow's UI.
 */
export type StrategyResult<T> = { kind: 'not-responsible' } | ({ kind: 'done' } & T);

export const NOT_RESPONSIBLE = { kind: 'not-responsible' } as const;

export interface LoginContext {
  req: FastifyRequest;
  flow: LoginFlow;
  /** The valid session of the request when refreshing / upgrading, else null. */
  session: SessionWithIdentity | null;
  /** Values the responsible strategy decoded, for showing a failed attempt again. */
  submitted?: Record<string, unknown>;
}

export interface LoginStrategy {
  readonly id: AuthenticationMethodName;
  /** Adds the method's nodes to a new login flow. */
  populateLogin(ui: UiContainer, ctx: LoginContext): Promise<void>;
  /** The authenticated identity (with credentials), or not-responsible. */
  login(ctx: LoginContext & { method: string }): Promise<StrategyResult<{ identity: Identity }>>;
  /** Prepares the UI for showing a failed attempt again (clear secrets, echo identifiers). */
  prepareRetry?(ui: UiContainer, ctx: LoginContext): void;
}

export interface RegistrationContext {
  req: FastifyRequest;
  flow: RegistrationFlow;
  submitted?: Record<string, unknown>;
}

export interface RegistrationStrategy {
  readonly id: AuthenticationMethodName;
  populateRegistration(ui: UiContainer, ctx: RegistrationContext): Promise<void>;
  /** A new identity (not yet stored, credentials attached), or not-responsible. */
  register(ctx: RegistrationContext & { method: string }): Promise<StrategyResult<{ identity: Identity }>>;
  prepareRetry?(ui: UiContainer, ctx: RegistrationContext): void;
}

export interface SettingsContext {
  req: FastifyRequest;
  flow: SettingsFlow;
  /** The stored identity, with credentials. */
  identity: Identity;
  /** The decoded submit payload (or the paused one being resumed). */
  payload: Record<string, unknown>;
  /** Whether the submit came from a resumed continuity container (CSRF already checked then). */
  resumed: boolean;
}

export interface SettingsUpdate {
  /** The identity as it should be stored. */
  identity: Identity;
  /** Whether storing it needs a privileged (recent) session. */
  privileged: boolean;
}

export interface SettingsStrategy {
  readonly id: 'password' | 'profile';
  populateSettings(ui: UiContainer, ctx: { req: FastifyRequest; flow: SettingsFlow; identity: Identity }): Promise<void>;
  settings(ctx: SettingsContext & { method: string }): Promise<StrategyResult<SettingsUpdate>>;
  prepareRetry?(ui: UiContainer, ctx: SettingsContext): void;
}

/** What a recovery or verification method sees of a submit (flows.md §4.4, §4.5). */
export interface ChallengeContext {
  req: FastifyRequest;
  reply: FastifyReply;
  flow: ChallengeFlow;
  flows: ChallengeFlows;
  /** The link token of the request (`?token=`, or a `token` field), '' when none. */
  token: string;
  /** The submitted `method`, '' when none. */
  method: string;
  /** Whether the client wants JSON (API flow or a JSON request). */
  json: boolean;
  /** Values the responsible method decoded, for showing a failed attempt again. */
  submitted?: Record<string, unknown>;
}

/** A recovery or verification method: answers the submits it is responsible for. */
export interface ChallengeStrategy extends ChallengePopulator {
  readonly id: string;
  /** The reply it sent, or not-responsible. */
  submit(ctx: ChallengeContext): Promise<StrategyResult<{ reply: FastifyReply }>>;
  /** Prepares the UI for showing a failed attempt again. */
  prepareRetry?(ui: UiContainer, ctx: ChallengeContext): void;
}
