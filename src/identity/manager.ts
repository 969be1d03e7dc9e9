import type { ExtensionResult } from '../schema/extension.js';
import { badRequest } from '../http/errors.js';
import { newId } from '../x/random.js';
import type { Clock } from '../x/time.js';
import type { Credential, Identity, IdentityState, RecoveryAddress, VerifiableAddress } from './identity.js';
import type { IdentityPool } from './pool.js';

export interface TraitsValidatorLike {
  validate(schemaId: string, traits: unknown): Promise<ExtensionResult>;
}

export interface IdentityManagerDeps {
  identities: IdentityPool;
  validator: TraitsValidatorLike;
  clock: Clock;
}

export interface IdentityInput {
  /** Empty: `default` on create, unchanged on update. */
  schemaId: string;
  /** Empty: `active` on create, unchanged on update. */
  state: string;
  traits: unknown;
}

function parseState(state: string): IdentityState | '' {
  if (state === '' || state === 'active' || state === 'inactive') return state;
  throw badRequest('identity state is not valid');
}

/**
 * Applies what the `ory.sh/kratos` extension derived from the traits: password identifiers
 * and the two address lists. Addresses whose value is unchanged keep id, status and
 * verification; the rest are new.
 */
export function applyExtension(identity: Identity, ext: ExtensionResult, now: Date): void {
  if (ext.passwordIdentifiers !== null) {
    const identifiers = [...new Set(ext.passwordIdentifiers.map((s) => s.toLowerCase()))];
    const creds = (identity.credentials ??= {});
    const existing = creds.password;
    if (existing) {
      existing.identifiers = identifiers;
    } else if (identifiers.length > 0) {
      const c: Credential = { id: newId(), type: 'password', identifiers, config: {}, createdAt: now, updatedAt: now };
      creds.password = c;
    }
  }
  const oldVerifiable = new Map(identity.verifiableAddresses.map((a) => [a.value, a]));
  identity.verifiableAddresses = ext.verifiableAddresses.map(
    (value): VerifiableAddress =>
      oldVerifiable.get(value) ?? {
        id: newId(),
        value,
        verified: false,
        via: 'email',
        status: 'pending',
        verifiedAt: null,
        createdAt: now,
        updatedAt: now,
      },
  );
  const oldRecovery = new Map(identity.recoveryAddresses.map((a) => [a.value, a]));
  identity.recoveryAddresses = ext.recoveryAddresses.map(
    (value): RecoveryAddress => oldRecovery.get(value) ?? { id: newId(), value, via: 'email', createdAt: now, updatedAt: now },
  );
}

/** Creates and updates identities: validation, derived data, then one atomic write. */
export class IdentityManager {
  constructor(private readonly deps: IdentityManagerDeps) {}

  /** A validated identity with its derived data, not yet stored. */
  async build(input: IdentityInput): Promise<Identity> {
    const state = parseState(input.state) || 'active';
    const schemaId = input.schemaId || 'default';
    const now = this.deps.clock.now();
    const identity: Identity = {
      id: newId(),
      schemaId,
      state,
      stateChangedAt: now,
      traits: input.traits,
      verifiableAddresses: [],
      recoveryAddresses: [],
      credentials: {},
      createdAt: now,
      updatedAt: now,
    };
    const ext = await this.deps.validator.validate(schemaId, input.traits);
    applyExtension(identity, ext, now);
    return identity;
  }

  async create(input: IdentityInput): Promise<Identity> {
    const identity = await this.build(input);
    await this.deps.identities.createIdentity(identity);
    return identity;
  }

  async update(id: string, input: IdentityInput): Promise<Identity> {
    const state = parseState(input.state);
    const identity = await this.deps.identities.getIdentity(id, { withCredentials: true });
    const now = this.deps.clock.now();
    if (input.schemaId) identity.schemaId = input.schemaId;
    if (state && state !== identity.state) {
      identity.state = state;
      identity.stateChangedAt = now;
    }
    identity.traits = input.traits;
    const ext = await this.deps.validator.validate(identity.schemaId, identity.traits);
    applyExtension(identity, ext, now);
    identity.updatedAt = now;
    await this.deps.identities.updateIdentity(identity);
    return identity;
  }
}
