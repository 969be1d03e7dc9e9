import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TraitsValidationError } from './errors.js';
import { collectExtension } from './extension.js';
import { SchemaRegistry } from './registry.js';
import { readFixture, relativeFileUrl } from './testdata/fixtures.js';
import { TraitsValidator } from './validator.js';

const ids = ['person', 'nested', 'emails', 'ref', 'loose'];
const validator = new TraitsValidator(new SchemaRegistry(ids.map((id) => ({ id, url: relativeFileUrl(`${id}.schema.json`) }))));

describe('ory.sh/kratos extension', () => {
  it('case=typical schema: identifier lower-cased, addresses keep their case', async () => {
    const res = await validator.validate('person', { email: 'Jane.Doe@Example.ORG', name: { first: 'Jane' } });
    assert.deepEqual(res, {
      passwordIdentifiers: ['jane.doe@example.org'],
      totpAccountName: null,
      verifiableAddresses: ['Jane.Doe@Example.ORG'],
      recoveryAddresses: ['Jane.Doe@Example.ORG'],
    });
  });

  it('case=array of emails: document order, duplicates removed, case-variants kept apart', async () => {
    const res = await validator.validate('emails', { emails: ['b@example.org', 'A@example.org', 'b@example.org', 'a@example.org'] });
    assert.deepEqual(res.passwordIdentifiers, ['b@example.org', 'a@example.org']);
    assert.deepEqual(res.verifiableAddresses, ['b@example.org', 'A@example.org', 'a@example.org']);
    assert.deepEqual(res.recoveryAddresses, ['b@example.org', 'A@example.org', 'a@example.org']);
  });

  it('case=tuple items: each position has its own extension', async () => {
    const res = await validator.validate('emails', { pair: ['Account Name', 'r@example.org'] });
    assert.equal(res.totpAccountName, 'Account Name');
    assert.deepEqual(res.recoveryAddresses, ['r@example.org']);
    assert.deepEqual(res.verifiableAddresses, []);
    assert.equal(res.passwordIdentifiers, null);
  });

  it('case=passwordIdentifiers is null when no identifier trait is present', async () => {
    for (const traits of [{}, { emails: [] }]) {
      const res = await validator.validate('emails', traits);
      assert.equal(res.passwordIdentifiers, null, JSON.stringify(traits));
      assert.deepEqual(res.verifiableAddresses, []);
    }
    const res = await validator.validate('emails', { phone: '+49 30 1234' });
    assert.deepEqual(res.passwordIdentifiers, ['+49 30 1234']);
  });

  it('case=absent optional traits trigger nothing', async () => {
    const res = await validator.validate('nested', { username: 'abcdefghij' });
    assert.deepEqual(res, {
      passwordIdentifiers: ['abcdefghij'],
      totpAccountName: 'abcdefghij',
      verifiableAddresses: [],
      recoveryAddresses: [],
    });
  });

  it('case=nested objects are followed', async () => {
    const res = await validator.validate('nested', {
      username: 'abcdefghij',
      contact: { email: 'v@example.org', backup: 'r@example.org' },
    });
    assert.deepEqual(res.verifiableAddresses, ['v@example.org']);
    assert.deepEqual(res.recoveryAddresses, ['r@example.org']);
  });

  it('case=$ref into definitions and $defs, and allOf, are followed', async () => {
    const res = await validator.validate('ref', { email: 'Ref@Example.org', backup: 'b@example.org', security: { account: 'acc' } });
    assert.deepEqual(res, {
      passwordIdentifiers: ['ref@example.org'],
      totpAccountName: 'acc',
      verifiableAddresses: ['Ref@Example.org'],
      recoveryAddresses: ['b@example.org'],
    });
  });

  it('case=an extension beside $ref is ignored, like every other sibling keyword', async () => {
    const res = await validator.validate('loose', { refd: 'Something' });
    assert.equal(res.passwordIdentifiers, null);
  });

  it('case=non-string values use Go %v formatting; the last account name wins', () => {
    const schema = JSON.parse(readFixture('loose.schema.json')) as unknown;
    const walk = (id: unknown) => collectExtension(schema, { traits: { id } }).result;
    assert.deepEqual(walk(12345).passwordIdentifiers, ['12345']);
    assert.equal(walk(12345).totpAccountName, '12345');
    assert.deepEqual(walk(true).passwordIdentifiers, ['true']);
    assert.deepEqual(walk(2.5).passwordIdentifiers, ['2.5']);
    assert.deepEqual(walk('MiXeD').passwordIdentifiers, ['mixed']);
    assert.equal(walk('MiXeD').totpAccountName, 'MiXeD');

    const emails = JSON.parse(readFixture('emails.schema.json')) as unknown;
    const both = collectExtension(emails, { traits: { pair: ['first', 'x@example.org'] } }).result;
    assert.equal(both.totpAccountName, 'first');
  });

  it('case=verification/recovery values must be emails, reported at the trait with /format', async () => {
    for (const [value, text] of [
      ['not-an-email', '"not-an-email" is not valid "email"'],
      [42, '"42" is not valid "email"'],
    ] as const) {
      await assert.rejects(validator.validate('loose', { mail: value }), (err: TraitsValidationError) => {
        assert.ok(err instanceof TraitsValidationError);
        assert.equal(err.fields.reason, `I[#/traits/mail] S[#/properties/traits/properties/mail/format] ${text}`);
        assert.deepEqual(err.causes.map((c) => [c.keyword, c.message]), [['format', text]]);
        return true;
      });
    }
  });

  it('case=an invalid address among valid ones fails the whole document', async () => {
    const err = await validator.validate('nested', { username: 'abcdefghij', contact: { email: 'ok@example.org', backup: 'nope' } }).then(
      () => assert.fail('should fail'),
      (e: unknown) => e as TraitsValidationError,
    );
    assert.equal(err.fields.reason, 'I[#/traits/contact/backup] S[#/properties/traits/properties/contact/properties/backup/format] "nope" is not valid "email"');
  });
});
