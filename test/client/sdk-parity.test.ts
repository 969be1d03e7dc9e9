/**
 * The client is a drop-in for `@ory/kratos-client@0.8.2-alpha.1`'s `V0alpha2Api` and
 * `MetadataApi`: same method names, same parameters in the same order with the same optionality.
 *
 * Checked twice: by the compiler (the type assertions below fail `npm run typecheck` when a
 * method is missing or a parameter moved, changed kind or optionality) and at run time, where
 * the parameter *names* of both classes are compared (types cannot see names, so two swapped
 * string parameters such as `xSessionToken`/`cookie` are caught only there).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MetadataApi as SdkMetadataApi, V0alpha2Api as SdkV0alpha2Api } from '@ory/kratos-client';
import { GatehouseClient, MetadataApi, V0alpha2Api } from '../../src/client/index.js';

// ---------------------------------------------------------------------------------------------
// Type level
// ---------------------------------------------------------------------------------------------

type Fn = (...args: never[]) => unknown;
/** Public method names of a class instance type. */
type MethodsOf<T> = { [K in keyof T]: T[K] extends Fn ? K : never }[keyof T];
type ParamsOf<F> = F extends (...args: infer P) => unknown ? P : never;

/** The coarse kind of a parameter type; `any` (the SDK's `options`) matches every kind. */
type Kind<T> = 0 extends 1 & T
  ? 'any'
  : [NonNullable<T>] extends [string]
    ? 'string'
    : [NonNullable<T>] extends [number]
      ? 'number'
      : [NonNullable<T>] extends [boolean]
        ? 'boolean'
        : [NonNullable<T>] extends [readonly unknown[]]
          ? 'array'
          : 'object';

/** `[optionality, kind]` per position; a rest parameter shows as `'rest'`. */
type Shape<P extends readonly unknown[]> = number extends P['length']
  ? ['rest']
  : P extends readonly []
  ? []
  : P extends readonly [infer H, ...infer Rest]
    ? [['required', Kind<H>], ...Shape<Rest>]
    : P extends readonly [(infer H)?, ...infer Rest]
      ? [['optional', Kind<H>], ...Shape<Rest>]
      : ['rest'];

type SameKind<A, B> = A extends 'any' ? true : B extends 'any' ? true : [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type SameShape<A extends unknown[], B extends unknown[]> = A extends []
  ? B extends []
    ? true
    : false
  : A extends [[infer OA, infer KA], ...infer RA]
    ? B extends [[infer OB, infer KB], ...infer RB]
      ? [OA] extends [OB]
        ? SameKind<KA, KB> extends true
          ? SameShape<RA, RB>
          : false
        : false
      : false
    : false;

/** Scalar parameters may be narrower than the SDK's (e.g. a literal union), never wider. */
type NoWiderScalars<Ours extends readonly unknown[], Theirs extends readonly unknown[]> = {
  [I in keyof Theirs]-?: I extends keyof Ours
    ? Kind<Theirs[I]> extends 'string' | 'number' | 'boolean'
      ? [NonNullable<Ours[I]>] extends [NonNullable<Theirs[I]>]
        ? true
        : false
      : true
    : true;
}[number];

/** Per SDK method: `true`, or why not. */
export type Parity<Ours, Sdk> = {
  [K in MethodsOf<Sdk>]: K extends MethodsOf<Ours>
    ? SameShape<Shape<ParamsOf<Ours[K]>>, Shape<ParamsOf<Sdk[K]>>> extends true
      ? NoWiderScalars<ParamsOf<Ours[K]>, ParamsOf<Sdk[K]>> extends true
        ? true
        : 'a parameter is wider than the SDK allows'
      : 'parameters differ in order, kind or optionality'
    : 'missing';
};

/** Compiles only when every entry is `true`; the error names the offending method. */
type AllTrue<T extends Record<string, true>> = T;

export type V0alpha2Parity = AllTrue<Parity<GatehouseClient, SdkV0alpha2Api>>;
export type MetadataParity = AllTrue<Parity<GatehouseClient, SdkMetadataApi>>;

// The checks can fail: a client with a reordered, a missing and a re-typed method is rejected.
declare class Reordered {
  toSession(cookie?: string, xSessionToken?: string, options?: unknown): Promise<unknown>;
  submitSelfServiceLoginFlow(flow: string, body?: object, xSessionToken?: string, options?: unknown): Promise<unknown>;
  adminGetIdentity(id?: string, includeCredential?: string[], options?: unknown): Promise<unknown>;
  adminListIdentities(perPage?: string, page?: number, options?: unknown): Promise<unknown>;
}
type ReorderedParity = Parity<Reordered, SdkV0alpha2Api>;
export const reorderedIsCaught: [
  ReorderedParity['toSession'],
  ReorderedParity['submitSelfServiceLoginFlow'],
  ReorderedParity['adminGetIdentity'],
  ReorderedParity['adminListIdentities'],
  ReorderedParity['adminCreateIdentity'],
] = [
  true, // same kinds and optionality: only the run-time name check below sees this swap
  'parameters differ in order, kind or optionality',
  'parameters differ in order, kind or optionality',
  'parameters differ in order, kind or optionality',
  'missing',
];
// @ts-expect-error -- a client missing methods does not satisfy the parity check
export type ReorderedFails = AllTrue<ReorderedParity>;

// ---------------------------------------------------------------------------------------------
// Run time: parameter names
// ---------------------------------------------------------------------------------------------

/** Parameter names of a method, from its source text (`name(a, b, c) {`). */
function parameterNames(fn: unknown): string[] {
  assert.equal(typeof fn, 'function');
  const src = String(fn);
  const open = src.indexOf('(');
  const close = src.indexOf(')', open);
  return src
    .slice(open + 1, close)
    .split(',')
    .map((p) => p.replace(/=.*$/s, '').trim())
    .filter(Boolean);
}

function methodsOf(proto: object): string[] {
  return Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor' && typeof (proto as Record<string, unknown>)[n] === 'function');
}

describe('client parity with @ory/kratos-client@0.8.2-alpha.1', () => {
  for (const [name, sdk] of [
    ['V0alpha2Api', SdkV0alpha2Api],
    ['MetadataApi', SdkMetadataApi],
  ] as const) {
    test(`case=every ${name} method exists with the same parameter names in the same order`, () => {
      const sdkMethods = methodsOf(sdk.prototype);
      assert.equal(sdkMethods.length, name === 'V0alpha2Api' ? 35 : 3, 'the SDK has the expected number of operations');
      for (const m of sdkMethods) {
        const ours = (GatehouseClient.prototype as unknown as Record<string, unknown>)[m];
        assert.ok(ours, `GatehouseClient.${m} exists`);
        assert.deepStrictEqual(parameterNames(ours), parameterNames((sdk.prototype as unknown as Record<string, unknown>)[m]), `parameters of ${m}`);
      }
    });
  }

  test('case=the client has no operation the SDK lacks', () => {
    const sdk = new Set([...methodsOf(SdkV0alpha2Api.prototype), ...methodsOf(SdkMetadataApi.prototype)]);
    assert.deepStrictEqual(methodsOf(GatehouseClient.prototype).filter((m) => !sdk.has(m)), []);
    assert.equal(sdk.size, 38, 'the 38 operations of the OpenAPI document');
  });

  test('case=V0alpha2Api and MetadataApi are the client, constructible like the SDK', () => {
    assert.equal(V0alpha2Api, GatehouseClient);
    assert.equal(MetadataApi, GatehouseClient);
  });
});
