import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goFloat, goQuote, goSyntax, goValue, pointerToken } from './gofmt.js';

describe('Go formatting', () => {
  it('case=goQuote escapes like strconv.Quote', () => {
    assert.equal(goQuote('plain'), '"plain"');
    assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(goQuote('\n\t\r\u0007\u0008\u000b\u000c'), '"\\n\\t\\r\\a\\b\\v\\f"');
    assert.equal(goQuote('\u0001\u007f'), '"\\x01\\x7f"');
    assert.equal(goQuote('é😀'), '"é😀"');
    assert.equal(goQuote('\u00a0\u200b'), '"\\u00a0\\u200b"');
    assert.equal(goQuote('\u{e0001}'), '"\\U000e0001"');
    assert.equal(goQuote('\ud800'), '"\ufffd"');
  });

  it('case=goFloat prints big.Float %v (shortest %g)', () => {
    const cases: [number, string][] = [
      [300, '300'],
      [2.5, '2.5'],
      [-3, '-3'],
      [0, '0'],
      [123456, '123456'],
      [1000000, '1e+06'],
      [1234567, '1.234567e+06'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1.5e-7, '1.5e-07'],
      [1e21, '1e+21'],
    ];
    for (const [n, s] of cases) assert.equal(goFloat(n), s, String(n));
  });

  it('case=goValue prints %v of decoded JSON', () => {
    assert.equal(goValue('s'), 's');
    assert.equal(goValue(12), '12');
    assert.equal(goValue(true), 'true');
    assert.equal(goValue(null), '<nil>');
    assert.equal(goValue([1, 'a']), '[1 a]');
    assert.equal(goValue({ b: 1, a: [true] }), 'map[a:[true] b:1]');
  });

  it('case=goSyntax prints %#v; json.Number is a string type', () => {
    assert.equal(goSyntax('x'), '"x"');
    assert.equal(goSyntax(1), '"1"');
    assert.equal(goSyntax(false), 'false');
    assert.equal(goSyntax(null), '<nil>');
  });

  it('case=pointerToken escapes ~ and / then path-escapes', () => {
    assert.equal(pointerToken('email'), 'email');
    assert.equal(pointerToken('a/b~c'), 'a~1b~0c');
    assert.equal(pointerToken('first name'), 'first%20name');
    assert.equal(pointerToken('ä'), '%C3%A4');
    assert.equal(pointerToken('a:b@c=d&e+f$'), 'a:b@c=d&e+f$');
    assert.equal(pointerToken('a?b;c,d'), 'a%3Fb%3Bc%2Cd');
    assert.equal(pointerToken('^x-'), '%5Ex-');
  });
});
