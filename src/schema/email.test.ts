import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEmail, isHostname } from './email.js';
import { FORMATS } from './formats.js';

const local64 = 'a'.repeat(64);
// 64 + 1 + 189 = 254 bytes: three 63-character labels.
const domain189 = ['b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.');

describe('email format', () => {
  const valid = [
    'jane@example.org',
    'jane@localhost',
    'Jane.Doe+tag@sub.example-domain.org',
    "o'brien!#$%&*/=?^_`{|}~@example.org",
    '"john doe"@example.org',
    '"a@b"@example.org',
    'user@1example.com',
    `${local64}@example.org`,
    `${local64}@${domain189}`,
    'jäne@example.org',
  ];
  for (const v of valid) {
    it(`case=valid ${v.length > 40 ? v.length + ' chars' : v}`, () => assert.equal(isEmail(v), true));
  }

  const invalid: [string, string][] = [
    ['no at sign', 'jane.example.org'],
    ['empty local part', '@example.org'],
    ['empty domain', 'jane@'],
    ['local part of 65', `a${local64}@example.org`],
    ['255 characters', `${local64}@${domain189}e`],
    ['label ending with -', 'jane@example-.org'],
    ['name starting with -', 'jane@-example.org'],
    ['underscore in domain', 'jane@exa_mple.org'],
    ['trailing dot', 'jane@example.org.'],
    ['empty label', 'jane@example..org'],
    ['label of 64', `jane@${'x'.repeat(64)}.org`],
    ['double dot in local part', 'ja..ne@example.org'],
    ['leading dot in local part', '.jane@example.org'],
    ['space in local part', 'ja ne@example.org'],
    ['two at signs', 'ja@ne@example.org'],
    ['display name form', 'Jane <jane@example.org>'],
    ['unterminated quote', '"jane@example.org'],
    ['empty quoted string', '""@example.org'],
    ['comma separated list', 'a@example.com,b@example.org'],
    ['backslash', '\\'],
  ];
  for (const [name, v] of invalid) {
    it(`case=invalid: ${name}`, () => assert.equal(isEmail(v), false));
  }

  it('case=non-strings are not emails (the extension relies on it)', () => {
    assert.equal(isEmail(42), false);
    assert.equal(isEmail(null), false);
  });

  it('case=the format keyword uses the same rules', () => {
    assert.equal(FORMATS.email?.('jane@localhost'), true);
    assert.equal(FORMATS.email?.('jane@example-.org'), false);
  });
});

describe('hostname format', () => {
  it('case=rules', () => {
    assert.equal(isHostname('localhost'), true);
    assert.equal(isHostname('example.org.'), true);
    assert.equal(isHostname('9gag.com'), true);
    assert.equal(isHostname('a-b.c'), true);
    assert.equal(isHostname('-a.c'), false);
    assert.equal(isHostname('a-.c'), false);
    assert.equal(isHostname(''), false);
    assert.equal(isHostname(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`), false);
  });
});
