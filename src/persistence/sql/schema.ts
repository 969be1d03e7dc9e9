/**
 * Kysely row types of every table (datamodel.md). Column values differ per dialect, so the
 * row types admit both representations; `codec.ts` converts between them and the domain.
 *
 * - time: `timestamptz` → `Date` on PostgreSQL; ISO-8601 text (ms, UTC, `Z`) on SQLite
 * - bool: `boolean` on PostgreSQL; `0`/`1` on SQLite
 * - json: always exchanged as JSON text (jsonb on PostgreSQL, TEXT on SQLite)
 */
import type { Generated } from 'kysely';

export type TimeValue = Date | string;
export type BoolValue = boolean | number;
export type JsonText = string;

interface Timestamps {
  created_at: TimeValue;
  updated_at: TimeValue;
}

interface Scoped extends Timestamps {
  id: string;
  nid: string;
}

export interface NetworksTable extends Timestamps {
  id: string;
}

export interface IdentitiesTable extends Scoped {
  schema_id: string;
  traits: JsonText;
  state: string;
  state_changed_at: TimeValue | null;
}

export interface IdentityCredentialTypesTable {
  id: string;
  name: string;
}

export interface IdentityCredentialsTable extends Scoped {
  identity_id: string;
  identity_credential_type_id: string;
  config: JsonText;
}

export interface IdentityCredentialIdentifiersTable extends Scoped {
  identity_credential_id: string;
  identity_credential_type_id: string;
  identifier: string;
  /** Gatehouse addition: keeps identifiers in the order they were given. */
  position: number;
}

export interface IdentityVerifiableAddressesTable extends Scoped {
  identity_id: string;
  via: string;
  value: string;
  verified: BoolValue;
  status: string;
  verified_at: TimeValue | null;
}

export interface IdentityRecoveryAddressesTable extends Scoped {
  identity_id: string;
  via: string;
  value: string;
}

export interface SessionsTable extends Scoped {
  identity_id: string;
  /** SHA-256 hex of the session token (never the token itself). */
  token: string | null;
  /** SHA-256 hex of the logout token. */
  logout_token: string | null;
  active: BoolValue | null;
  aal: string;
  authentication_methods: JsonText;
  issued_at: TimeValue;
  authenticated_at: TimeValue;
  expires_at: TimeValue;
}

interface FlowColumns extends Scoped {
  type: string;
  request_url: string;
  issued_at: TimeValue;
  expires_at: TimeValue;
  ui: JsonText | null;
}

export interface LoginFlowsTable extends FlowColumns {
  active_method: string;
  csrf_token: string;
  forced: BoolValue;
  requested_aal: string;
  internal_context: JsonText;
}

export interface RegistrationFlowsTable extends FlowColumns {
  active_method: string;
  csrf_token: string;
  internal_context: JsonText;
}

export interface SettingsFlowsTable extends FlowColumns {
  identity_id: string;
  active_method: string | null;
  /** Gatehouse addition (upstream keeps no CSRF token on settings flows). */
  csrf_token: string;
  state: string;
  internal_context: JsonText;
}

export interface RecoveryFlowsTable extends FlowColumns {
  active_method: string | null;
  csrf_token: string;
  state: string;
  recovered_identity_id: string | null;
  /** Gatehouse addition. */
  internal_context: JsonText;
}

export interface VerificationFlowsTable extends FlowColumns {
  active_method: string | null;
  csrf_token: string;
  state: string;
  /** Gatehouse addition. */
  internal_context: JsonText;
}

export interface RecoveryTokensTable extends Scoped {
  token: string;
  used: BoolValue;
  used_at: TimeValue | null;
  identity_recovery_address_id: string | null;
  selfservice_recovery_flow_id: string | null;
  identity_id: string;
  issued_at: TimeValue;
  expires_at: TimeValue;
}

export interface VerificationTokensTable extends Scoped {
  token: string;
  used: BoolValue;
  used_at: TimeValue | null;
  identity_verifiable_address_id: string;
  selfservice_verification_flow_id: string | null;
  issued_at: TimeValue;
  expires_at: TimeValue;
}

export interface CourierMessagesTable extends Scoped {
  type: number;
  status: number;
  recipient: string;
  subject: string;
  body: string;
  template_type: string;
  template_data: Uint8Array | null;
  /** Gatehouse addition: the worker claim that set `processing` (updates of a lost claim match nothing). */
  claim_token: string | null;
  /** Gatehouse addition: when the claim was taken or last renewed; an old one is reclaimed. */
  claimed_at: TimeValue | null;
  /** Gatehouse addition: sends of this message the SMTP server refused. */
  failed_attempts: Generated<number>;
  /** Gatehouse addition: a refused message stays queued but is not claimed before this time. */
  next_attempt_at: TimeValue | null;
  /** Gatehouse addition: the last delivery error of this message. */
  last_error: string | null;
}

export interface SelfServiceErrorsTable extends Scoped {
  errors: JsonText;
  csrf_token: string;
  was_seen: BoolValue;
  seen_at: TimeValue | null;
}

export interface ContinuityContainersTable extends Scoped {
  identity_id: string | null;
  name: string;
  payload: JsonText | null;
  expires_at: TimeValue;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: TimeValue;
}

export interface DB {
  networks: NetworksTable;
  identities: IdentitiesTable;
  identity_credential_types: IdentityCredentialTypesTable;
  identity_credentials: IdentityCredentialsTable;
  identity_credential_identifiers: IdentityCredentialIdentifiersTable;
  identity_verifiable_addresses: IdentityVerifiableAddressesTable;
  identity_recovery_addresses: IdentityRecoveryAddressesTable;
  sessions: SessionsTable;
  selfservice_login_flows: LoginFlowsTable;
  selfservice_registration_flows: RegistrationFlowsTable;
  selfservice_settings_flows: SettingsFlowsTable;
  selfservice_recovery_flows: RecoveryFlowsTable;
  selfservice_verification_flows: VerificationFlowsTable;
  identity_recovery_tokens: RecoveryTokensTable;
  identity_verification_tokens: VerificationTokensTable;
  courier_messages: CourierMessagesTable;
  selfservice_errors: SelfServiceErrorsTable;
  continuity_containers: ContinuityContainersTable;
  schema_migrations: SchemaMigrationsTable;
}

export type Dialect = 'sqlite' | 'postgres';
