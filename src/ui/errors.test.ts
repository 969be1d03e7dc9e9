import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { badRequest, GatehouseError, internal } from '../http/errors.js';
import { TraitsValidationError } from '../schema/errors.js';
import type { SchemaErrorNode } from '../schema/errors.js';
import { explain } from '../schema/explain.js';
import {
  labelPassword,
  validationDuplicateCredentials,
  validationPasswordPolicy,
  validationRequired,
} from '../text/index.js';
import { newContainer } from './container.js';
import { applyFieldErrors, applyValidationErrors, fieldError, FieldValidationError } from './errors.js';
import { csrfNode, inputNode, submitNode } from './nodes.js';
import { traitNodesFromSchema } from './schema-nodes.js';
import type { UiContainer } from './types.js';
import { toWire } from './wire.js';

const schema = JSON.parse(readFileSync(new URL('./testdata/traits.schema.json', import.meta.url), 'utf8')) as unknown;

/** `name [group]: id text` per message, flow messages as `#`. */
function placed(c: UiContainer): string[] {
  const w = toWire(c);
  return [
    ...(w.messages ?? []).map((m) => `#: ${m.id} ${m.text}`),
    ...w.nodes.flatMap((n) => n.messages.map((m) => `${String(n.type === 'input' ? n.attributes.name : undefined)} [${n.group}]: ${m.id} ${m.text}`)),
  ];
}

const registration = (): UiContainer =>
  newContainer('http://x/self-service/registration?flow=1', [
    csrfNode(''),
    ...traitNodesFromSchema(schema, 'password'),
    inputNode('password', 'password', 'password', { required: true, label: labelPassword() }),
  ]);

const leaf = (over: Partial<SchemaErrorNode>): SchemaErrorNode => ({
  instancePtr: '#',
  schemaPtr: '#',
  keyword: 'type',
  message: 'm',
  path: [],
  causes: [],
  ...over,
});

describe('applyValidationErrors (ui.md §5.6)', () => {
  it('case=JSON Schema causes: required per missing property, others 4000001 on the instance path', () => {
    const traits = { email: 'ab', website: 'x', extra: 'e', tos: false, name: { last: 'toolong' }, tags: [1] };
    const tree = explain(schema, { traits });
    assert.ok(tree);
    const c = registration();
    assert.equal(applyValidationErrors(c, new TraitsValidationError(tree)), true);
    assert.deepEqual(placed(c), [
      'traits.email [password]: 4000001 "ab" is not valid "email"',
      'traits.email [password]: 4000001 length must be >= 3, but got 2',
      'traits.website [password]: 4000001 "x" is not valid "uri"',
      'traits.name.first [password]: 4000002 Property first is missing.',
      'traits.name.last [password]: 4000001 length must be <= 5, but got 7',
      // no node for an array item: one is synthesized in `default`
      'traits.tags.0 [default]: 4000001 expected string, but got number',
    ]);
    const required = c.nodes.find((n) => n.type === 'input' && n.attributes.name === 'traits.name.first');
    assert.equal(JSON.stringify(required?.messages), '[{"id":4000002,"text":"Property first is missing.","type":"error","context":{"property":"first"}}]');
    assert.equal(
      JSON.stringify(toWire(c).nodes.at(-1)),
      '{"type":"input","group":"default","attributes":{"name":"traits.tags.0","type":"text","disabled":false,"node_type":"input"},' +
        '"messages":[{"id":4000001,"text":"expected string, but got number","type":"error"}],"meta":{}}',
    );
  });

  it('case=required at the body root names method fields without traits; root causes go to the flow', () => {
    const c = newContainer('a', [
      csrfNode(''),
      inputNode('password_identifier', 'password', 'text', { value: '' }),
      inputNode('password', 'password', 'password'),
      submitNode('password', 'password', labelPassword()),
    ]);
    const tree = leaf({
      keyword: '',
      message: 'validation failed',
      causes: [
        leaf({ keyword: 'required', message: 'missing properties: "password_identifier", "password"', missing: ['password_identifier', 'password'] }),
        leaf({ keyword: 'additionalProperties', message: 'additionalProperties "x" not allowed' }),
        leaf({ instancePtr: '#/a.b', keyword: 'type', message: 'expected string, but got number', path: ['a.b'] }),
      ],
    });
    applyValidationErrors(c, new TraitsValidationError(tree));
    assert.deepEqual(placed(c), [
      '#: 4000001 additionalProperties "x" not allowed',
      'password_identifier [password]: 4000002 Property password_identifier is missing.',
      'password [password]: 4000002 Property password is missing.',
      'a\\.b [default]: 4000001 expected string, but got number',
    ]);
  });

  it('case=any other 400 error becomes a flow 4000001 with its reason (or message)', () => {
    const c = newContainer('a');
    assert.equal(applyValidationErrors(c, badRequest('The HTTP Request Header included the "Cookie" key')), true);
    assert.equal(applyValidationErrors(c, new GatehouseError(400)), true);
    assert.equal(
      JSON.stringify(toWire(c).messages),
      '[{"id":4000001,"text":"The HTTP Request Header included the \\"Cookie\\" key","type":"error"},' +
        '{"id":4000001,"text":"The request was malformed or contained invalid parameters","type":"error"}]',
    );
  });

  it('case=errors that do not belong in the UI are left to the caller', () => {
    const c = newContainer('a');
    assert.equal(applyValidationErrors(c, internal('boom')), false);
    assert.equal(applyValidationErrors(c, new Error('x')), false);
    assert.equal(applyValidationErrors(c, new GatehouseError(403)), false);
    assert.deepEqual(placed(c), []);
  });

  it('case=field errors: #/ on the flow, pointers on their node, unknown fields synthesized', () => {
    const c = registration();
    const err = new FieldValidationError([
      fieldError('#/', validationDuplicateCredentials()),
      fieldError('#/password', validationPasswordPolicy('the password is too similar to the user identifier')),
      fieldError('#/totp_code', validationRequired('totp_code')),
      fieldError('#/traits/email', validationRequired('email')),
    ]);
    assert.equal(err.status, 400);
    assert.equal(applyValidationErrors(c, err), true);
    assert.deepEqual(placed(c), [
      '#: 4000007 An account with the same identifier (email, phone, username, ...) exists already.',
      'traits.email [password]: 4000002 Property email is missing.',
      'password [password]: 4000005 The password can not be used because the password is too similar to the user identifier.',
      'totp_code [default]: 4000002 Property totp_code is missing.',
    ]);
    const flow = newContainer('a');
    applyFieldErrors(flow, [fieldError('#', validationDuplicateCredentials()), fieldError('/a~1b', validationRequired('x'))]);
    assert.deepEqual(placed(flow), [
      '#: 4000007 An account with the same identifier (email, phone, username, ...) exists already.',
      'a/b [default]: 4000002 Property x is missing.',
    ]);
  });
});
