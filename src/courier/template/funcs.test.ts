import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateError, TemplateSet } from './index.js';

const render = (src: string, data: unknown = {}): string => new TemplateSet({ mode: 'text' }).add('t', src).execute('t', data);
const data = { L: ['x', 'y', 'z'], M: { b: 2, a: 1 }, F: 3.14159, N: 1000000, S: 'hello', Nil: null };

describe('printf', () => {
  const cases: [string, string][] = [
    ['{{ printf "%s|%v|%d" "a" "b" 42 }}', 'a|b|42'],
    ['{{ printf "%5s|%-5s|%.2s|" "ab" "cd" "xyz" }}', '   ab|cd   |xy|'],
    ['{{ printf "%q|%#q" "a\\"b\\n" "c" }}', '"a\\"b\\n"|`c`'],
    ['{{ printf "%x|%X|%x|%#x" "hi" "hi" 255 255 }}', '6869|6869|ff|0xff'],
    ['{{ printf "%f|%.2f|%8.3f|%-8.1f|%05.1f" .F .F .F .F .F }}', '3.141590|3.14|   3.142|3.1     |003.1'],
    ['{{ printf "%e|%E|%g|%.3g|%g" 1234.5678 1234.5678 0.00001234 1234.5678 .N }}', '1.234568e+03|1.234568E+03|1.234e-05|1.23e+03|1e+06'],
    ['{{ printf "%+d|% d|%05d|%-4d|%o|%b|%c|%U|%t" 5 5 -42 7 8 5 65 65 true }}', '+5| 5|-0042|7   |10|101|A|U+0041|true'],
    ['{{ printf "%v|%v|%v|%T|%T|%T" .L .M .Nil .L .F 1 }}', '[x y z]|map[a:1 b:2]|<nil>|[]interface {}|float64|int'],
    ['{{ printf "%%|%d%%" 50 }}', '%|50%'],
    // Go's in-band errors.
    ['{{ printf "%d" "x" }}', '%!d(string=x)'],
    ['{{ printf "%s" 3 }}', '%!s(int=3)'],
    ['{{ printf "%d" .F }}', '%!d(float64=3.14159)'],
    ['{{ printf "%s %s" "a" }}', 'a %!s(MISSING)'],
    ['{{ printf "a" 1 "b" }}', 'a%!(EXTRA int=1, string=b)'],
    ['{{ printf "%d" nil }}', '%!d(<nil>)'],
    ['{{ printf "%" }}', '%!(NOVERB)'],
  ];
  for (const [src, want] of cases) {
    it(`case=${src}`, () => assert.equal(render(src, data), want));
  }
});

describe('builtin functions', () => {
  it('case=len, index, slice', () => {
    assert.equal(render('{{ len .L }} {{ len .M }} {{ len "héllo" }} {{ index .L 1 }} {{ index .M "a" }} {{ index .M "zz" }} {{ slice .L 1 }} {{ slice "hello" 1 3 }}', data), '3 2 6 y 1 <no value> [y z] el');
    assert.throws(() => render('{{ index .L 5 }}', data), /error calling index: index out of range: 5/);
    assert.throws(() => render('{{ len 3 }}', data), /error calling len: len of type int/);
  });

  it('case=print and println', () => {
    assert.equal(render('{{ print 1 2 "a" "b" 3 }}|{{ println 1 "a" }}|{{ print .Nil }}', data), '1 2ab3|1 a\n|<nil>');
  });

  it('case=html, js and urlquery', () => {
    assert.equal(render(`{{ html "<a href='x'>&\\"" }}`), '&lt;a href=&#39;x&#39;&gt;&amp;&#34;');
    assert.equal(render(`{{ js "a'b<\\"=" }}`), "a\\'b\\u003C\\\"\\u003D");
    assert.equal(render('{{ urlquery "a b&c/é" }}|{{ .Nope | urlquery }}', data), 'a+b%26c%2F%C3%A9|%3Cno+value%3E');
  });
});

describe('sprig functions', () => {
  const cases: [string, string][] = [
    ['{{ upper "abc" }}|{{ lower "ABC" }}|{{ title "hello wORLD-x o\'neil" }}|{{ untitle "Hello World" }}', "ABC|abc|Hello WORLD-X O'Neil|hello world"],
    ['{{ trim "  x \\n" }}|{{ trimAll "$" "$$5$" }}|{{ trimPrefix "-" "-x-" }}|{{ trimSuffix "-" "-x-" }}|{{ nospace " a b\\tc " }}', 'x|5|x-|-x|abc'],
    ['{{ cat "a" 1 nil "b" }}|{{ replace "a" "o" "banana" }}|{{ repeat 3 "ab" }}', 'a 1 b|bonono|ababab'],
    ['{{ substr 1 3 "hello" }}|{{ substr -1 2 "hello" }}|{{ substr 2 99 "hello" }}|{{ trunc 3 "hello" }}|{{ trunc -2 "hello" }}|{{ trunc 9 "hi" }}', 'el|he|llo|hel|lo|hi'],
    ['{{ abbrev 5 "hello world" }}|{{ abbrev 3 "hello" }}|{{ abbrev 20 "short" }}', 'he...|hello|short'],
    ['{{ contains "ell" "hello" }}|{{ hasPrefix "he" "hello" }}|{{ hasSuffix "he" "hello" }}', 'true|true|false'],
    ['{{ quote "a" "b\\"" }}|{{ squote "a" 1 }}|{{ "x" | quote }}', '"a" "b\\""|\'a\' \'1\'|"x"'],
    ['{{ indent 2 "a\\nb" }}|{{ nindent 2 "a" }}', '  a\n  b|\n  a'],
    ['{{ .Nope | default "d" }}|{{ "" | default "d" }}|{{ "v" | default "d" }}|{{ 0 | default 5 }}', 'd|d|v|5'],
    ['{{ empty "" }}|{{ empty 0 }}|{{ empty .L }}|{{ empty .Nope }}|{{ coalesce "" .Nil "z" }}|{{ ternary "y" "n" false }}|{{ true | ternary "y" "n" }}', 'true|true|false|true|z|n|y'],
    ['{{ toJson .M }}|{{ toJson "<&>" }}|{{ toJson .L }}|{{ toJson .F }}|{{ toJson .Nil }}', '{"a":1,"b":2}|"\\u003c\\u0026\\u003e"|["x","y","z"]|3.14159|null'],
    ['{{ toPrettyJson .M }}', '{\n  "a": 1,\n  "b": 2\n}'],
    ['{{ toString 1.5 }}|{{ toString .N }}|{{ toString .L }}', '1.5|1e+06|[x y z]'],
    ['{{ join "," .L }}|{{ join "-" (list 1 2 nil 3) }}|{{ split "," "a,b" }}|{{ (split "," "a,b")._1 }}|{{ splitList "," "a,b" }}', 'x,y,z|1-2-3|map[_0:a _1:b]|b|[a b]'],
    ['{{ $d := dict "k" "v" "n" 1 }}{{ get $d "k" }}|{{ get $d "zz" }}|{{ hasKey $d "n" }}|{{ keys $d }}|{{ $d }}', 'v||true|[k n]|map[k:v n:1]'],
    ['{{ list 1 "a" 2.5 }}|{{ first .L }}|{{ last .L }}|{{ rest .L }}|{{ initial .L }}|{{ has "y" .L }}|{{ uniq (list 1 1 2) }}|{{ reverse .L }}|{{ sortAlpha (list "b" "a") }}', '[1 a 2.5]|x|z|[y z]|[x y]|true|[1 2]|[z y x]|[a b]'],
    ['{{ add 1 2 3 }}|{{ add1 1.9 }}|{{ sub 5 7 }}|{{ mul 2 3 4 }}|{{ div 7 -2 }}|{{ mod 7 3 }}|{{ max 1 5 3 }}|{{ min 4 2 8 }}|{{ add .F 1 }}', '6|2|-2|24|-3|1|5|2|4'],
    ['{{ b64enc "hello" }}|{{ b64dec "aGVsbG8=" }}|{{ b64dec "!" }}|{{ sha256sum "abc" }}', 'aGVsbG8=|hello|illegal base64 data at input byte 0|ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['{{ dateInZone "2006-01-02T15:04:05Z07:00 Mon Jan _2 3:04PM" 1700000000 "UTC" }}|{{ dateInZone "02.01.06 15h MST" 0 "UTC" }}|{{ htmlDateInZone 86400 "UTC" }}', '2023-11-14T22:13:20Z Tue Nov 14 10:13PM|01.01.70 00h UTC|1970-01-02'],
  ];
  for (const [src, want] of cases) {
    it(`case=${src}`, () => assert.equal(render(src, data), want));
  }

  it('case=now is a time with Go methods', () => {
    const year = String(new Date().getUTCFullYear());
    assert.equal(render('{{ now.UTC.Year }}|{{ (now.UTC).Format "2006" }}|{{ now | dateInZone "2006" "UTC" }}'), `${year}|${year}|${year}`);
  });

  it('case=div by zero is a call error', () => {
    assert.throws(() => render('{{ div 1 0 }}'), /error calling div: runtime error: integer divide by zero/);
  });

  it('case=functions outside the subset are unknown at parse time', () => {
    for (const fn of ['env', 'expandenv', 'regexMatch', 'genPrivateKey']) {
      assert.throws(
        () => new TemplateSet({ mode: 'text' }).add('t', `{{ ${fn} "x" }}`, 'f.gotmpl'),
        (err: unknown) => err instanceof TemplateError && err.message === `template f.gotmpl:1: function "${fn}" not defined`,
      );
    }
  });
});
