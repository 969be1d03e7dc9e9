import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelGenerated } from '../text/index.js';
import { newContainer } from './container.js';
import { inputNode } from './nodes.js';
import { fillTraitValues, flattenTraits } from './traits.js';
import { toWire } from './wire.js';

describe('flattenTraits', () => {
  it('case=nested objects, arrays by index, escaped dots, empty containers skipped, null kept', () => {
    assert.deepEqual(flattenTraits({ a: { b: { c: 1 } }, tags: ['x', 'y'], 'k.v': true, e: {}, f: [], n: null, o: [{ s: 's' }] }), [
      ['a.b.c', 1],
      ['tags.0', 'x'],
      ['tags.1', 'y'],
      ['k\\.v', true],
      ['n', null],
      ['o.0.s', 's'],
    ]);
    assert.deepEqual(flattenTraits('scalar'), []);
    assert.deepEqual(flattenTraits(['a']), []);
  });
});

describe('fillTraitValues (ui.md §4)', () => {
  it('case=sets values on existing trait inputs and appends inputs typed by value', () => {
    const c = newContainer('a', [
      inputNode('traits.email', 'profile', 'email', { required: true, label: labelGenerated('E-Mail') }),
      inputNode('traits.name.first', 'profile', 'text'),
      inputNode('traits.tags', 'profile', 'text'),
      inputNode('traits.gone', 'profile', 'text'),
    ]);
    fillTraitValues(
      c,
      { email: 'jane@example.org', name: { first: 'Jane', last: 'Doe' }, tags: ['a', 'b'], age: 30, tos: false, 'x.y': 'dot', nick: null },
      'profile',
    );
    const attrs = toWire(c).nodes.map((n) => JSON.stringify([n.group, n.attributes, n.meta]));
    assert.deepEqual(attrs, [
      '["profile",{"name":"traits.email","type":"email","value":"jane@example.org","required":true,"disabled":false,"node_type":"input"},{"label":{"id":1070002,"text":"E-Mail","type":"info"}}]',
      '["profile",{"name":"traits.name.first","type":"text","value":"Jane","disabled":false,"node_type":"input"},{}]',
      '["profile",{"name":"traits.tags","type":"text","disabled":false,"node_type":"input"},{}]',
      '["profile",{"name":"traits.gone","type":"text","disabled":false,"node_type":"input"},{}]',
      '["profile",{"name":"traits.name.last","type":"text","value":"Doe","disabled":false,"node_type":"input"},{}]',
      '["profile",{"name":"traits.tags.0","type":"text","value":"a","disabled":false,"node_type":"input"},{}]',
      '["profile",{"name":"traits.tags.1","type":"text","value":"b","disabled":false,"node_type":"input"},{}]',
      '["profile",{"name":"traits.age","type":"number","value":30,"disabled":false,"node_type":"input"},{}]',
      '["profile",{"name":"traits.tos","type":"checkbox","value":false,"disabled":false,"node_type":"input"},{}]',
      '["profile",{"name":"traits.x\\\\.y","type":"text","value":"dot","disabled":false,"node_type":"input"},{}]',
      '["profile",{"name":"traits.nick","type":"text","disabled":false,"node_type":"input"},{}]',
    ]);
  });

  it('case=appended inputs use the given group; a null clears an existing value', () => {
    const c = newContainer('a', [inputNode('traits.email', 'password', 'email', { value: 'old' })]);
    fillTraitValues(c, { email: null, extra: 1 }, 'oidc');
    assert.equal(c.nodes[0]?.type === 'input' && 'value' in c.nodes[0].attributes, false);
    assert.equal(c.nodes[1]?.group, 'oidc');
  });
});
