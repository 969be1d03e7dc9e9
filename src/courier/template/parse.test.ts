import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateError, TemplateSet } from './index.js';

const render = (src: string, data: unknown = {}): string => new TemplateSet({ mode: 'text' }).add('t.gotmpl', src, 'dir/t.gotmpl').execute('t.gotmpl', data);

/** Asserts that parsing fails with exactly `message`. */
function parseFails(src: string, message: string): void {
  assert.throws(
    () => new TemplateSet({ mode: 'text' }).add('t.gotmpl', src, 'dir/t.gotmpl'),
    (err: unknown) => {
      assert.ok(err instanceof TemplateError);
      assert.equal(err.message, message);
      return true;
    },
  );
}

describe('template parsing', () => {
  it('case=text passes through unchanged', () => {
    assert.equal(render('plain {text} } { \n'), 'plain {text} } { \n');
  });

  it('case=trim markers remove adjacent whitespace only', () => {
    assert.equal(render('a  \n\t{{- "b" -}}  \n c'), 'abc');
    assert.equal(render('a {{- "b" }} c'), 'ab c');
    assert.equal(render('a {{ "b" -}} c'), 'a bc');
    // `{{-3}}` is the number -3, not a trim marker.
    assert.equal(render('a {{-3}}'), 'a -3');
  });

  it('case=comments produce nothing and may trim', () => {
    assert.equal(render('a {{/* c */}} b'), 'a  b');
    assert.equal(render('a {{- /* multi\nline */ -}} b'), 'ab');
    parseFails('{{/* x */ }}', 'template dir/t.gotmpl:1: comment ends before closing delimiter');
    parseFails('\n{{/* x', 'template dir/t.gotmpl:2: unclosed comment');
  });

  it('case=literals', () => {
    assert.equal(render('{{ "a\\tb\\"\\u00e9\\x41" }}|{{ `raw\\n` }}|{{ \'a\' }}|{{ 0x1F }}|{{ 0o17 }}|{{ 1_000 }}|{{ -3 }}|{{ 1.50 }}|{{ 1e3 }}|{{ true }}|{{ false }}'), 'a\tb"éA|raw\\n|97|31|15|1000|-3|1.5|1000|true|false');
  });

  it('case=unknown function is a parse error naming the file and line', () => {
    parseFails('line 1\nline 2\n{{ foo . }}', 'template dir/t.gotmpl:3: function "foo" not defined');
  });

  it('case=unclosed action reports the line it started on', () => {
    parseFails('a\nb {{ .A\n', 'template dir/t.gotmpl:2: unclosed action');
    parseFails('{{ (print 1 }}', 'template dir/t.gotmpl:1: unclosed left paren');
  });

  it('case=structural errors', () => {
    parseFails('{{ end }}', 'template dir/t.gotmpl:1: unexpected {{end}}');
    parseFails('{{ else }}', 'template dir/t.gotmpl:1: unexpected {{else}}');
    parseFails('{{ if .A }}\nx', 'template dir/t.gotmpl:2: unexpected EOF');
    parseFails('{{ if }}{{ end }}', 'template dir/t.gotmpl:1: missing value for if');
    parseFails('{{ }}', 'template dir/t.gotmpl:1: missing value for command');
    parseFails('{{ break }}', 'template dir/t.gotmpl:1: {{break}} outside {{range}}');
    parseFails('{{ range .L }}{{ else }}{{ continue }}{{ end }}', 'template dir/t.gotmpl:1: {{continue}} outside {{range}}');
    parseFails('{{ .A | "x" }}', 'template dir/t.gotmpl:1: non executable command in pipeline stage 2');
    parseFails('{{ "unterminated }}', 'template dir/t.gotmpl:1: unterminated quoted string');
    parseFails('{{ define "a" }}1{{ end }}{{ define "a" }}2{{ end }}', 'template dir/t.gotmpl:1: template: multiple definition of template "a"');
  });

  it('case=variables must be declared before use and go out of scope at end', () => {
    parseFails('{{ $x }}', 'template dir/t.gotmpl:1: undefined variable "$x"');
    parseFails('{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}', 'template dir/t.gotmpl:1: undefined variable "$x"');
    parseFails('{{ range $i, $v := .L }}{{ end }}{{ $v }}', 'template dir/t.gotmpl:1: undefined variable "$v"');
    parseFails('{{ $a, $b := 1 }}', 'template dir/t.gotmpl:1: too many declarations in command');
    // define bodies start a fresh scope.
    parseFails('{{ $x := 1 }}{{ define "d" }}{{ $x }}{{ end }}', 'template dir/t.gotmpl:1: undefined variable "$x"');
  });

  it('case=keywords inside actions are rejected', () => {
    parseFails('{{ print define }}', 'template dir/t.gotmpl:1: unexpected <define> in operand');
  });

  it('case=define and block add templates to the set', () => {
    const set = new TemplateSet({ mode: 'text' }).add('main', '{{ define "a" }}A{{ end }}{{ block "b" . }}B{{ end }}x');
    assert.deepEqual(set.names().sort(), ['a', 'b', 'main']);
    assert.equal(set.execute('main', {}), 'Bx');
    assert.equal(set.execute('a', {}), 'A');
  });

  it('case=a later non-empty definition replaces an earlier one, an empty one does not', () => {
    const set = new TemplateSet({ mode: 'text' }).add('one', '{{ define "x" }}first{{ end }}').add('two', '{{ define "x" }}second{{ end }}');
    assert.equal(set.execute('x', {}), 'second');
    set.add('three', '{{ define "x" }}  {{ end }}');
    assert.equal(set.execute('x', {}), 'second');
  });
});
