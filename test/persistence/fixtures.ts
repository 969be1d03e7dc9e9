/** Builders for persistence contract suites. */
import type { Identity, RecoveryAddress, VerifiableAddress } from '../../src/identity/identity.js';
import type { Session } from '../../src/session/session.js';
import { newId, randomAlphanumeric, sha256Hex } from '../../src/x/random.js';

/** A time with a non-zero millisecond part, to prove ms precision survives storage. */
export const T0 = new Date('2024-05-06T07:08:09.123Z');
export const later = (ms: number, from: Date = T0) => new Date(from.getTime() + ms);

export function verifiable(value: string, over: Partial<VerifiableAddress> = {}): VerifiableAddress {
  return {
    id: newId(),
    value,
    verified: false,
    via: 'email',
    status: 'pending',
    verifiedAt: null,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function recovery(value: string, over: Partial<RecoveryAddress> = {}): RecoveryAddress {
  return { id: newId(), value, via: 'email', createdAt: T0, updatedAt: T0, ...over };
}

export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomAlphanumeric(10).toLowerCase()}@example.org`;

/** An identity with one email used as password identifier, verifiable and recovery address. */
export function makeIdentity(over: Partial<Identity> & { email?: string } = {}): Identity {
  const { email: givenEmail, ...rest } = over;
  const email = givenEmail ?? uniqueEmail();
  return {
    id: newId(),
    schemaId: 'default',
    state: 'active',
    stateChangedAt: T0,
    traits: { email, name: { first: 'Ada', last: 'Lovelace' } },
    verifiableAddresses: [verifiable(email)],
    recoveryAddresses: [recovery(email)],
    credentials: {
      password: {
        id: newId(),
        type: 'password',
        identifiers: [email],
        config: { hashed_password: '$2b$10$abcdefghijklmnopqrstuv' },
        createdAt: T0,
        updatedAt: T0,
      },
    },
    createdAt: T0,
    updatedAt: T0,
    ...rest,
  };
}

/** The identity as read back without credentials. */
export function withoutCredentials(identity: Identity): Identity {
  const { credentials: _ignored, ...rest } = identity;
  return rest;
}

export interface TestSession {
  session: Session;
  token: string;
  logoutToken: string;
  hashes: { tokenHash: string; logoutTokenHash: string };
}

export function makeSession(identityId: string, over: Partial<Session> = {}): TestSession {
  const token = randomAlphanumeric(32);
  const logoutToken = randomAlphanumeric(32);
  return {
    token,
    logoutToken,
    hashes: { tokenHash: sha256Hex(token), logoutTokenHash: sha256Hex(logoutToken) },
    session: {
      id: newId(),
      identityId,
      active: true,
      aal: 'aal1',
      authenticationMethods: [{ method: 'password', completedAt: T0 }],
      issuedAt: T0,
      authenticatedAt: T0,
      expiresAt: later(86_400_000),
      createdAt: T0,
      updatedAt: T0,
      ...over,
    },
  };
}

/** Resolves with the first value `pick` returns for an event, or rejects after `ms`. */
export function waitFor<E, T>(
  subscribe: (fn: (ev: E) => void) => () => void,
  pick: (ev: E) => T | undefined,
  ms = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching event within ${ms} ms`));
    }, ms);
    const off = subscribe((ev) => {
      const v = pick(ev);
      if (v === undefined) return;
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

/** Asserts that `promise` rejects with a GatehouseError of `status`; returns the error. */
export async function rejectsWithStatus(promise: Promise<unknown>, status: number): Promise<{ status: number; message: string; fields: { reason?: string; debug?: string } }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { status?: number; message: string; fields?: { reason?: string } };
    if (e.status !== status) throw new Error(`expected status ${status}, got ${String(e.status)}: ${e.message}`, { cause: err });
    return e as { status: number; message: string; fields: { reason?: string; debug?: string } };
  }
  throw new Error(`expected a rejection with status ${status}, but the promise resolved`);
}
