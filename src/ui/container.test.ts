import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelPassword, validationGeneric, validationRequired } from '../text/index.js';
import {
  addMessage,
  addNodeMessage,
  findNode,
  newContainer,
  removeNodes,
  resetMessages,
  setCsrf,
  setNodeValue,
  upsertNode,
} from './container.js';
import { csrfNode, inputNode, submitNode, textNode } from './nodes.js';
import { nodeId } from './types.js';
import { toWire } from './wire.js';

const ids = (c: { nodes: Parameters<typeof nodeId>[0][] }): string[] => c.nodes.map(nodeId);

const login = () =>
  newContainer('http://x/self-service/login?flow=1', [
    csrfNode('t1'),
    inputNode('password_identifier', 'password', 'text', { value: '', required: true }),
    inputNode('password', 'password', 'password', { required: true }),
    submitNode('password', 'password', labelPassword()),
  ]);

describe('container operations', () => {
  it('case=upsert replaces in place by name, appends unknown IDs', () => {
    const c = login();
    upsertNode(c, inputNode('password', 'password', 'password', { value: 'x' }));
    assert.deepEqual(ids(c), ['csrf_token', 'password_identifier', 'password', 'method']);
    assert.equal(findNode(c, 'password')?.type === 'input' && findNode(c, 'password')?.attributes, c.nodes[2]?.attributes);
    assert.equal(c.nodes[2]?.type === 'input' ? c.nodes[2].attributes.value : undefined, 'x');
    upsertNode(c, textNode('totp_secret_key', labelPassword(), 'totp'));
    assert.deepEqual(ids(c), ['csrf_token', 'password_identifier', 'password', 'method', 'totp_secret_key']);
    // non-input nodes are identified by attributes.id
    upsertNode(c, textNode('totp_secret_key', validationGeneric('new'), 'totp'));
    assert.equal(c.nodes.length, 5);
    assert.equal(c.nodes[4]?.type === 'text' ? c.nodes[4].attributes.text.text : '', 'new');
  });

  it('case=removeNodes and findNode', () => {
    const c = login();
    assert.equal(removeNodes(c, (n) => n.group === 'password'), 3);
    assert.deepEqual(ids(c), ['csrf_token']);
    assert.equal(findNode(c, 'password'), undefined);
  });

  it('case=setNodeValue sets and clears input values only', () => {
    const c = login();
    assert.equal(setNodeValue(c, 'password_identifier', 'jane@example.org'), true);
    assert.equal(setNodeValue(c, 'password_identifier', undefined), true);
    assert.equal(setNodeValue(c, 'nope', 'x'), false);
    const wire = JSON.stringify(toWire(c).nodes[1]?.attributes);
    assert.equal(wire, '{"name":"password_identifier","type":"text","required":true,"disabled":false,"node_type":"input"}');
  });

  it('case=resetMessages clears flow and node messages', () => {
    const c = login();
    addMessage(c, validationGeneric('flow'));
    addNodeMessage(c, 'password', validationRequired('password'));
    resetMessages(c);
    assert.deepEqual(c.messages, []);
    assert.deepEqual(c.nodes.flatMap((n) => n.messages), []);
  });

  it('case=addNodeMessage on an existing node, else a synthesized default-group text input', () => {
    const c = login();
    addNodeMessage(c, 'password', validationRequired('password'));
    assert.deepEqual(c.nodes[2]?.messages, [validationRequired('password')]);
    addNodeMessage(c, 'traits.foo', validationGeneric('x'));
    assert.equal(
      JSON.stringify(toWire(c).nodes[4]),
      '{"type":"input","group":"default","attributes":{"name":"traits.foo","type":"text","disabled":false,"node_type":"input"},' +
        '"messages":[{"id":4000001,"text":"x","type":"error"}],"meta":{}}',
    );
    addNodeMessage(c, 'traits.foo', validationGeneric('y'));
    assert.equal(c.nodes.length, 5);
    assert.equal(c.nodes[4]?.messages.length, 2);
  });

  it('case=setCsrf replaces the token in place or appends the node', () => {
    const c = login();
    setCsrf(c, 't2');
    assert.deepEqual(ids(c), ['csrf_token', 'password_identifier', 'password', 'method']);
    assert.equal(c.nodes[0]?.type === 'input' ? c.nodes[0].attributes.value : undefined, 't2');
    const empty = newContainer('a');
    setCsrf(empty, '');
    assert.equal(JSON.stringify(toWire(empty).nodes[0]?.attributes), '{"name":"csrf_token","type":"hidden","value":"","required":true,"disabled":false,"node_type":"input"}');
  });
});
