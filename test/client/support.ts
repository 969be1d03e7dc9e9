/**
 * Shared pieces of the client suites: a client per running Gatehouse, a browser stand-in for
 * Node (a `fetch` with a cookie jar, passed through the client's `fetch` option), and the
 * bookkeeping that proves every operation of the API is driven by some suite.
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { GatehouseApiError, GatehouseClient, type FetchLike, type OperationId, type UiContainer } from '../../src/client/index.js';
import { Jar } from '../helpers/jar.js';
import type { Gatehouse } from '../helpers/server.js';

/** Traits of the fixture identity schema (test/helpers/fixtures/identity.default.schema.json). */
export interface Traits {
  email: string;
  name?: { first?: string; last?: string };
}

export const traitsOf = (email: string): Traits => ({ email, name: { first: 'Ada', last: 'Lovelace' } });

/** Operations each suite drives; coverage.test.ts checks that together they are all 38. */
export const COVERAGE: Record<string, readonly OperationId[]> = {
  admin: [
    'adminCreateIdentity',
    'adminGetIdentity',
    'adminListIdentities',
    'adminUpdateIdentity',
    'adminDeleteIdentity',
    'adminDeleteIdentitySessions',
    'listIdentitySchemas',
    'getJsonSchema',
    'getSelfServiceError',
    'getWebAuthnJavaScript',
    'getVersion',
    'isAlive',
    'isReady',
  ],
  native: [
    'initializeSelfServiceRegistrationFlowWithoutBrowser',
    'getSelfServiceRegistrationFlow',
    'submitSelfServiceRegistrationFlow',
    'initializeSelfServiceLoginFlowWithoutBrowser',
    'getSelfServiceLoginFlow',
    'submitSelfServiceLoginFlow',
    'toSession',
    'initializeSelfServiceSettingsFlowWithoutBrowser',
    'getSelfServiceSettingsFlow',
    'submitSelfServiceSettingsFlow',
    'submitSelfServiceLogoutFlowWithoutBrowser',
    'adminDeleteIdentitySessions',
  ],
  browser: [
    'initializeSelfServiceRegistrationFlowForBrowsers',
    'initializeSelfServiceLoginFlowForBrowsers',
    'initializeSelfServiceSettingsFlowForBrowsers',
    'getSelfServiceLoginFlow',
    'getSelfServiceRegistrationFlow',
    'getSelfServiceSettingsFlow',
    'submitSelfServiceRegistrationFlow',
    'submitSelfServiceLoginFlow',
    'submitSelfServiceSettingsFlow',
    'toSession',
    'createSelfServiceLogoutFlowUrlForBrowsers',
    'submitSelfServiceLogoutFlow',
  ],
  link: [
    'initializeSelfServiceRecoveryFlowWithoutBrowser',
    'initializeSelfServiceRecoveryFlowForBrowsers',
    'getSelfServiceRecoveryFlow',
    'submitSelfServiceRecoveryFlow',
    'initializeSelfServiceVerificationFlowWithoutBrowser',
    'initializeSelfServiceVerificationFlowForBrowsers',
    'getSelfServiceVerificationFlow',
    'submitSelfServiceVerificationFlow',
    'adminCreateSelfServiceRecoveryLink',
    'adminCreateIdentity',
  ],
};

/**
 * A client on `gh` (both listeners) whose method calls are recorded; after the suite, every
 * operation of `COVERAGE[suite]` must have been called at least once.
 */
export function useClientFactory(suite: keyof typeof COVERAGE): (gh: Gatehouse, fetch?: FetchLike) => GatehouseClient<Traits> {
  const called = new Set<string>();
  after(() => {
    const missing = (COVERAGE[suite] ?? []).filter((op) => !called.has(op));
    assert.deepStrictEqual(missing, [], `operations of suite ${suite} never called`);
  });
  return (gh, fetch) => {
    const client = new GatehouseClient<Traits>({ publicBasePath: gh.publicUrl, adminBasePath: gh.adminUrl, ...(fetch ? { fetch } : {}) });
    return new Proxy(client, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        return (...args: unknown[]) => {
          called.add(prop);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  };
}

/**
 * A browser for the client in Node: a `fetch` that sends the jar's cookies (unless the request
 * names its own) and keeps every `Set-Cookie` of the answers.
 */
export function browserFetch(jar = new Jar()): { fetch: FetchLike; jar: Jar } {
  const fetchWithJar: FetchLike = async (url, init) => {
    const cookie = jar.header();
    const headers = cookie && !('cookie' in init.headers) ? { ...init.headers, cookie } : init.headers;
    const res = await fetch(url, { ...init, headers });
    jar.take(res);
    return res;
  };
  return { fetch: fetchWithJar, jar };
}

/** Awaits a call that must fail and returns its GatehouseApiError. */
export async function failure(call: Promise<unknown>): Promise<GatehouseApiError> {
  try {
    await call;
  } catch (e) {
    assert.ok(e instanceof GatehouseApiError, `a GatehouseApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('the call was expected to fail');
}

/** The `csrf_token` node's value (browser flows). */
export function csrfOf(flow: { ui: UiContainer }): string {
  for (const n of flow.ui.nodes) {
    // `type` narrows the node: only inputs have `name` and `value`.
    if (n.type === 'input' && n.attributes.name === 'csrf_token' && typeof n.attributes.value === 'string') return n.attributes.value;
  }
  return assert.fail('the flow has a csrf_token node');
}
