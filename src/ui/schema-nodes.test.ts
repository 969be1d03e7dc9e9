import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { schemaLeafPaths, traitNodesFromSchema } from './schema-nodes.js';
import { nodeToWire } from './wire.js';

const schema = JSON.parse(readFileSync(new URL('./testdata/traits.schema.json', import.meta.url), 'utf8')) as unknown;

/** `name type [required] [pattern] [label]` — one line per generated input. */
const summary = (group: string): string[] =>
  traitNodesFromSchema(schema, group).map((n) => {
    const w = nodeToWire(n);
    assert.ok(w.type === 'input', 'trait nodes are inputs');
    assert.equal(w.group, group);
    assert.equal(w.attributes.value, undefined, 'no value at creation');
    assert.deepEqual(w.messages, []);
    const a = w.attributes;
    return [
      a.name,
      a.type,
      a.required ? 'required' : '',
      a.pattern ? `pattern=${String(a.pattern)}` : '',
      w.meta.label ? `label=${w.meta.label.id}:${w.meta.label.text}` : '',
    ]
      .filter(Boolean)
      .join(' ');
  });

describe('traitNodesFromSchema (ui.md §4)', () => {
  it('case=one input per leaf with the type table, required, pattern and title labels', () => {
    assert.deepEqual(summary('password'), [
      'traits.email email required label=1070002:Your E-Mail',
      'traits.website url required label=1070002:Your website',
      'traits.tos checkbox',
      'traits.age number',
      'traits.name.first text required label=1070002:First Name',
      'traits.name.last text',
      'traits.org.unit.code text pattern=^[A-Z]{3}$',
      'traits.tags text',
      'traits.home.street text',
      'traits.home.zip number required label=1070002:ZIP',
      'traits.phone text pattern=^\\+[0-9]+$ label=1070002:Phone',
      'traits.mood text',
      'traits.score number',
      'traits.password password',
      'traits.born date',
      'traits.seen datetime-local',
      'traits.rx text',
      'traits.count number',
      'traits.level number',
      'traits.vip checkbox',
      'traits.a\\.b text',
      'traits.security.street text required',
      'traits.security.zip number required label=1070002:ZIP',
      'traits.extra text required label=1070002:Extra',
      'traits.signed checkbox',
    ]);
  });

  it('case=wire shape of a generated input (label without context, meta {} without title)', () => {
    const [email, , tos] = traitNodesFromSchema(schema, 'profile');
    assert.equal(
      JSON.stringify(email && nodeToWire(email)),
      '{"type":"input","group":"profile","attributes":{"name":"traits.email","type":"email","required":true,"disabled":false,' +
        '"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"Your E-Mail","type":"info"}}}',
    );
    assert.equal(JSON.stringify(tos && nodeToWire(tos).meta), '{}');
  });

  it('case=leaf paths in document order, including leaves without an input', () => {
    assert.deepEqual(schemaLeafPaths(schema), [
      'traits.email',
      'traits.website',
      'traits.tos',
      'traits.age',
      'traits.name.first',
      'traits.name.last',
      'traits.org.unit.code',
      'traits.tags',
      'traits.addresses',
      'traits.home.street',
      'traits.home.zip',
      'traits.phone',
      'traits.nickname',
      'traits.mood',
      'traits.score',
      'traits.anything',
      'traits.password',
      'traits.born',
      'traits.seen',
      'traits.rx',
      'traits.count',
      'traits.level',
      'traits.vip',
      'traits.a\\.b',
      'traits.security.street',
      'traits.security.zip',
      'traits.extra',
      'traits.signed',
    ]);
  });

  it('case=traits behind a $ref, recursive refs terminate, non-trait properties ignored', () => {
    const doc = {
      definitions: {
        t: { type: 'object', properties: { email: { type: 'string', format: 'email' }, me: { $ref: '#/definitions/t' } }, required: ['email'] },
      },
      properties: { other: { type: 'string' }, traits: { $ref: '#/definitions/t' } },
    };
    const names = traitNodesFromSchema(doc, 'password').map((n) => `${n.attributes.name}:${n.attributes.type}:${n.attributes.required === true}`);
    assert.deepEqual(names, ['traits.email:email:true']);
    assert.deepEqual(traitNodesFromSchema({ properties: { traits: { $ref: '#/nope' } } }, 'password'), []);
    assert.deepEqual(traitNodesFromSchema({}, 'password'), []);
  });
});
