import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelGenerated, labelPassword, loginSignIn } from '../text/index.js';
import { validationGeneric } from '../text/validation.js';
import { newContainer } from './container.js';
import { anchorNode, csrfNode, imgNode, inputNode, scriptNode, submitNode, textNode } from './nodes.js';
import type { UiInputNode } from './types.js';
import { fromWire, nodeToWire, toWire } from './wire.js';

const wire = (v: unknown): string => JSON.stringify(v);

describe('toWire (ui.md §1–§2)', () => {
  it('case=input attributes in wire order with every optional field set', () => {
    const n: UiInputNode = inputNode('x', 'password', 'button', {
      value: '',
      required: true,
      pattern: '^a$',
      onclick: 'go()',
      label: labelGenerated('X'),
    });
    n.attributes.label = labelGenerated('Attr');
    assert.equal(
      wire(nodeToWire(n)),
      '{"type":"input","group":"password","attributes":{"name":"x","type":"button","value":"","required":true,' +
        '"label":{"id":1070002,"text":"Attr","type":"info"},"pattern":"^a$","disabled":false,"onclick":"go()",' +
        '"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"X","type":"info"}}}',
    );
  });

  it('case=input omits absent/null value, false required, empty label/pattern/onclick; keeps disabled', () => {
    const bare = inputNode('password', 'password', 'password');
    assert.equal(
      wire(nodeToWire(bare)),
      '{"type":"input","group":"password","attributes":{"name":"password","type":"password","disabled":false,' +
        '"node_type":"input"},"messages":[],"meta":{}}',
    );
    const withNull = inputNode('a', 'profile', 'text', { value: null, required: false, pattern: '', onclick: '' });
    assert.equal(
      wire(nodeToWire(withNull).attributes),
      '{"name":"a","type":"text","disabled":false,"node_type":"input"}',
    );
  });

  it('case=input keeps falsy but non-null values (0, false, "")', () => {
    for (const [value, text] of [[0, '0'], [false, 'false'], ['', '""']] as const) {
      const n = inputNode('v', 'profile', 'number', { value });
      assert.equal(wire(nodeToWire(n).attributes), `{"name":"v","type":"number","value":${text},"disabled":false,"node_type":"input"}`);
    }
  });

  it('case=csrf and submit builders', () => {
    assert.equal(
      wire(nodeToWire(csrfNode('tok'))),
      '{"type":"input","group":"default","attributes":{"name":"csrf_token","type":"hidden","value":"tok","required":true,' +
        '"disabled":false,"node_type":"input"},"messages":[],"meta":{}}',
    );
    assert.equal(
      wire(nodeToWire(submitNode('password', 'password', loginSignIn()))),
      '{"type":"input","group":"password","attributes":{"name":"method","type":"submit","value":"password",' +
        '"disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1010001,"text":"Sign in","type":"info","context":{}}}}',
    );
  });

  it('case=img omits zero width/height', () => {
    assert.equal(
      wire(nodeToWire(imgNode('totp_qr', 'data:x', 'totp', { width: 256, height: 256, label: labelPassword() }))),
      '{"type":"img","group":"totp","attributes":{"src":"data:x","id":"totp_qr","width":256,"height":256,"node_type":"img"},' +
        '"messages":[],"meta":{"label":{"id":1070001,"text":"Password","type":"info"}}}',
    );
    assert.equal(wire(nodeToWire(imgNode('i', 's', 'totp')).attributes), '{"src":"s","id":"i","node_type":"img"}');
  });

  it('case=text, a and script attribute order', () => {
    assert.equal(
      wire(nodeToWire(textNode('t', labelPassword(), 'totp')).attributes),
      '{"text":{"id":1070001,"text":"Password","type":"info"},"id":"t","node_type":"text"}',
    );
    assert.equal(
      wire(nodeToWire(anchorNode('a1', 'https://x', labelPassword(), 'default')).attributes),
      '{"href":"https://x","title":{"id":1070001,"text":"Password","type":"info"},"id":"a1","node_type":"a"}',
    );
    assert.equal(
      wire(nodeToWire(scriptNode('webauthn_script', 'https://p/.well-known/ory/webauthn.js', 'webauthn', { integrity: 'sha512-x' })).attributes),
      '{"src":"https://p/.well-known/ory/webauthn.js","async":true,"referrerpolicy":"no-referrer","crossorigin":"anonymous",' +
        '"integrity":"sha512-x","type":"text/javascript","id":"webauthn_script","node_type":"script"}',
    );
  });

  it('case=container omits empty messages, always has nodes', () => {
    const c = newContainer('http://x/self-service/login?flow=1');
    assert.equal(wire(toWire(c)), '{"action":"http://x/self-service/login?flow=1","method":"POST","nodes":[]}');
    c.messages.push(validationGeneric('bad'));
    assert.equal(
      wire(toWire(c)),
      '{"action":"http://x/self-service/login?flow=1","method":"POST","nodes":[],"messages":[{"id":4000001,"text":"bad","type":"error"}]}',
    );
  });

  it('case=message keys are written in wire order whatever the domain order', () => {
    const c = newContainer('a');
    c.messages.push({ context: { b: 1 }, type: 'info', text: 't', id: 1 });
    assert.equal(wire(toWire(c).messages), '[{"id":1,"text":"t","type":"info","context":{"b":1}}]');
  });
});

describe('fromWire', () => {
  it('case=round-trips every node type through stored JSON', () => {
    const c = newContainer('http://x/self-service/settings?flow=1', [
      csrfNode(''),
      inputNode('traits.age', 'profile', 'number', { value: 0, required: true, pattern: '^\\d+$', label: labelGenerated('Age') }),
      inputNode('webauthn_register_trigger', 'webauthn', 'button', { value: '', onclick: 'f()' }),
      submitNode('profile', 'profile', loginSignIn()),
      textNode('totp_secret_key', labelPassword(), 'totp', labelGenerated('L')),
      imgNode('totp_qr', 'data:', 'totp', { width: 256, height: 256 }),
      anchorNode('a', 'h', labelPassword(), 'default'),
      scriptNode('webauthn_script', 's', 'webauthn'),
    ]);
    c.nodes[1]?.messages.push(validationGeneric('m'));
    c.messages.push(loginSignIn());
    const stored = JSON.parse(JSON.stringify(toWire(c))) as unknown;
    const back = fromWire(stored);
    assert.deepEqual(back, c);
    assert.equal(wire(toWire(back)), wire(toWire(c)));
  });

  it('case=missing messages and meta default to empty; unknown node types are rejected', () => {
    const back = fromWire({
      action: 'a',
      method: 'POST',
      nodes: [{ type: 'input', group: 'default', attributes: { name: 'n', type: 'text', node_type: 'input' } }],
    });
    assert.equal(wire(toWire(back)), '{"action":"a","method":"POST","nodes":[{"type":"input","group":"default","attributes":{"name":"n","type":"text","disabled":false,"node_type":"input"},"messages":[],"meta":{}}]}');
    assert.throws(() => fromWire({ action: 'a', nodes: [{ type: 'video', group: 'x', attributes: {} }] }), TypeError);
    assert.throws(() => fromWire('nope'), TypeError);
  });
});
