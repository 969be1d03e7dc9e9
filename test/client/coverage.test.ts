/**
 * Together the live client suites drive every operation of the API: each suite declares its
 * operations in COVERAGE and fails when one of them was never called (support.ts), and here the
 * declarations must add up to the SDK's 38 operations.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MetadataApi, V0alpha2Api } from '@ory/kratos-client';
import { COVERAGE } from './support.js';

const operationsOf = (proto: object) => Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor');

test('case=the client suites cover every operation of V0alpha2Api and MetadataApi', () => {
  const all = [...operationsOf(V0alpha2Api.prototype), ...operationsOf(MetadataApi.prototype)];
  assert.equal(all.length, 38);
  const covered = new Set<string>(Object.values(COVERAGE).flat());
  assert.deepEqual(all.filter((op) => !covered.has(op)).sort(), []);
});
