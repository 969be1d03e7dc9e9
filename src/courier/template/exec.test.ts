import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateError, TemplateSet } from './index.js';
import type { EscapeMode } from './index.js';

const render = (src: string, data: unknown = {}, mode: EscapeMode = 'text'): string =>
  new TemplateSet({ mode }).add('t.gotmpl', src, 'dir/t.gotmpl').execute('t.gotmpl', data);

function execFails(src: string, data: unknown, message: string): void {
  assert.throws(
    () => render(src, data),
    (err: unknown) => {
      assert.ok(err instanceof TemplateError);
      assert.equal(err.message, message);
      return true;
    },
  );
}

const model = {
  To: 'a+b@example.com',
  Identity: { id: 'i-1', traits: { email: 'a+b@example.com', name: { first: 'Ann' }, age: 30, score: 1500000, ratio: 0.25 }, nothing: null },
  L: ['x', 'y', 'z'],
  M: { b: 2, a: 1, c: 3 },
  Empty: [],
  EmptyMap: {},
};

describe('template execution', () => {
  it('case=fields on maps, nested', () => {
    assert.equal(render('{{ .Identity.traits.email }} {{ .Identity.traits.name.first }} {{ .Identity.id }}', model), 'a+b@example.com Ann i-1');
  });

  it('case=missing keys print <no value> in text mode and nothing in html mode', () => {
    assert.equal(render('[{{ .Nope }}][{{ .Identity.nope.deeper }}][{{ .Identity.nothing }}]', model), '[<no value>][<no value>][<no value>]');
    assert.equal(render('[{{ .Nope }}][{{ .Identity.nothing }}]', model, 'html'), '[][]');
    // Passed to a function, a missing value is nil.
    assert.equal(render('{{ .Nope | printf "%v" }}', model), '<nil>');
  });

  it('case=stepping through nil or a non-map is an error naming the node', () => {
    execFails('\n{{ .Identity.nothing.x }}', model, 'template dir/t.gotmpl:2: executing "t.gotmpl" at <.Identity.nothing.x>: nil pointer evaluating interface {}.x');
    execFails('{{ .To.x }}', model, 'template dir/t.gotmpl:1: executing "t.gotmpl" at <.To.x>: can\'t evaluate field x in type string');
    execFails('{{ .To 1 }}', model, 'template dir/t.gotmpl:1: executing "t.gotmpl" at <.To>: To is not a method but has arguments');
    execFails('{{ nil }}', model, 'template dir/t.gotmpl:1: executing "t.gotmpl" at <nil>: nil is not a command');
  });

  it('case=values print like Go %v', () => {
    assert.equal(render('{{ .Identity.traits.age }} {{ .Identity.traits.score }} {{ .Identity.traits.ratio }} {{ .L }} {{ .M }} {{ 42 }} {{ true }}', model), '30 1.5e+06 0.25 [x y z] map[a:1 b:2 c:3] 42 true');
  });

  it('case=dollar is the data passed to the template', () => {
    assert.equal(render('{{ with .Identity }}{{ $.To }}{{ end }}', model), 'a+b@example.com');
  });

  it('case=variables: declare, assign across scopes, scoped to end', () => {
    assert.equal(render('{{ $x := "a" }}{{ if true }}{{ $x = "b" }}{{ $y := "c" }}{{ $y }}{{ end }}{{ $x }}', model), 'cb');
    assert.equal(render('{{ $n := 0 }}{{ range .L }}{{ $n = . }}{{ end }}{{ $n }}', model), 'z');
    assert.equal(render('{{ if $e := .Identity.traits.email }}{{ $e }}{{ else }}{{ $e }}none{{ end }}', model), 'a+b@example.com');
  });

  it('case=if / else if / else with Go truthiness', () => {
    const t = '{{ if . }}T{{ else }}F{{ end }}';
    for (const v of [0, '', [], {}, null, false]) assert.equal(render(t, v), 'F', JSON.stringify(v));
    for (const v of [1, 'x', [0], { a: 1 }, true, 0.5]) assert.equal(render(t, v), 'T', JSON.stringify(v));
    assert.equal(render('{{ if eq .To "x" }}1{{ else if .L }}2{{ else }}3{{ end }}', model), '2');
  });

  it('case=range over arrays and maps, with variables and else', () => {
    assert.equal(render('{{ range .L }}{{ . }},{{ end }}', model), 'x,y,z,');
    assert.equal(render('{{ range $i, $v := .L }}{{ $i }}={{ $v }};{{ end }}', model), '0=x;1=y;2=z;');
    assert.equal(render('{{ range $v := .L }}{{ $v }}{{ end }}', model), 'xyz');
    assert.equal(render('{{ range $k, $v := .M }}{{ $k }}{{ $v }}{{ end }}', model), 'a1b2c3');
    assert.equal(render('{{ range .Empty }}x{{ else }}empty{{ end }}|{{ range .EmptyMap }}x{{ else }}none{{ end }}|{{ range .Nope }}x{{ else }}missing{{ end }}', model), 'empty|none|missing');
    assert.equal(render('{{ range 3 }}{{ . }}{{ end }}', model), '012');
    assert.equal(render('{{ range .L }}{{ if eq . "y" }}{{ continue }}{{ end }}{{ . }}{{ end }}|{{ range .L }}{{ if eq . "y" }}{{ break }}{{ end }}{{ . }}{{ end }}', model), 'xz|x');
    execFails('{{ range .To }}{{ end }}', model, 'template dir/t.gotmpl:1: executing "t.gotmpl" at <.To>: range can\'t iterate over a+b@example.com');
  });

  it('case=with / else / else with', () => {
    assert.equal(render('{{ with .Identity.traits }}{{ .email }}{{ end }}', model), 'a+b@example.com');
    assert.equal(render('{{ with .Nope }}x{{ else }}no {{ .To }}{{ end }}', model), 'no a+b@example.com');
    assert.equal(render('{{ with .Nope }}x{{ else with .L }}{{ index . 1 }}{{ end }}', model), 'y');
  });

  it('case=define, template with pipeline, block', () => {
    const src = '{{ define "greet" }}Hi {{ . }}!{{ end }}{{ template "greet" .To }} {{ template "greet" }} {{ block "b" .L }}{{ len . }}{{ end }}';
    assert.equal(render(src, model), 'Hi a+b@example.com! Hi <no value>! 3');
    execFails('{{ template "nope" . }}', model, 'template dir/t.gotmpl:1: executing "t.gotmpl": template "nope" not defined');
  });

  it('case=template calls get a fresh variable scope with $ set to their dot', () => {
    assert.equal(render('{{ define "d" }}{{ $ }}{{ end }}{{ $x := 1 }}{{ template "d" "inner" }}', model), 'inner');
  });

  it('case=pipelines pass the value as the last argument; parentheses group', () => {
    assert.equal(render('{{ .To | printf "<%s>" }}', model), '<a+b@example.com>');
    assert.equal(render('{{ 3 | printf "%d-%d" 2 }}', model), '2-3');
    assert.equal(render('{{ printf "%s/%d" (index .L 1) (len .L) }}', model), 'y/3');
    assert.equal(render('{{ (index .Identity "traits").name.first }}', model), 'Ann');
    execFails('{{ .To | .To }}', model, 'template dir/t.gotmpl:1: executing "t.gotmpl" at <.To>: To is not a method but has arguments');
  });

  it('case=and / or short-circuit and return the deciding value', () => {
    assert.equal(render('{{ and 1 0 2 }}|{{ and 1 2 }}|{{ or 0 "" "x" }}|{{ or 0 "" }}', model), '0|2|x|');
    // The failing index is never evaluated.
    assert.equal(render('{{ and false (index .L 99) }}|{{ or true (index .L 99) }}', model), 'false|true');
  });

  it('case=comparison and not', () => {
    assert.equal(render('{{ eq 1 1 }} {{ eq "a" "b" "a" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1 2 }} {{ not .L }} {{ eq .Nope nil }}', model), 'true true true true true true false false true');
    // JSON numbers are float64 in Go; comparing them to integer constants works here too.
    assert.equal(render('{{ eq .Identity.traits.age 30 }} {{ gt .Identity.traits.age 18 }}', model), 'true true');
    execFails('{{ eq "a" 1 }}', model, 'template dir/t.gotmpl:1: executing "t.gotmpl" at <eq>: error calling eq: incompatible types for comparison');
  });

  it('case=function arity is checked like Go', () => {
    execFails('{{ len }}', model, 'template dir/t.gotmpl:1: executing "t.gotmpl" at <len>: wrong number of args for len: want 1 got 0');
    execFails('{{ printf }}', model, 'template dir/t.gotmpl:1: executing "t.gotmpl" at <printf>: wrong number of args for printf: want at least 1 got 0');
  });

  it('case=call is not supported on data', () => {
    execFails('{{ call .To }}', model, 'template dir/t.gotmpl:1: executing "t.gotmpl" at <call>: error calling call: non-function value of type string');
  });

  it('case=model objects cannot reach prototype properties', () => {
    assert.equal(render('{{ .constructor }}|{{ .toString }}|{{ .__proto__ }}', {}), '<no value>|<no value>|<no value>');
  });

  it('case=undefined model values behave as nil', () => {
    assert.equal(render('{{ .U }}|{{ if .U }}t{{ else }}f{{ end }}', { U: undefined }), '<no value>|f');
  });
});
