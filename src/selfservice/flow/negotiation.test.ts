import assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptsJson, isJsonRequest } from './negotiation.js';

test('case=negotiation follows the spec examples', () => {
  assert.equal(acceptsJson({}), false);
  assert.equal(acceptsJson({ accept: '*/*' }), false);
  assert.equal(acceptsJson({ accept: 'application/json' }), true);
  assert.equal(acceptsJson({ accept: 'application/json, text/plain, */*' }), true);
  assert.equal(
    acceptsJson({ accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8' }),
    false,
  );
  assert.equal(acceptsJson({ accept: 'text/html;q=0.5, application/json' }), true);
  assert.equal(acceptsJson({ accept: 'application/json;q=0' }), false);
});

test('case=IsJSONRequest also accepts exactly Content-Type application/json', () => {
  assert.equal(isJsonRequest({ 'content-type': 'application/json' }), true);
  assert.equal(isJsonRequest({ 'content-type': 'application/json; charset=utf-8' }), false);
  assert.equal(isJsonRequest({ accept: 'application/json' }), true);
  assert.equal(isJsonRequest({ accept: 'text/*' }), false);
});
