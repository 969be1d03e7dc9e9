import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateSet } from './index.js';

const html = (src: string, data: unknown): string => new TemplateSet({ mode: 'html' }).add('t', src).execute('t', data);
const text = (src: string, data: unknown): string => new TemplateSet({ mode: 'text' }).add('t', src).execute('t', data);

const URL = 'http://h/self-service/recovery?flow=F&token=T';

describe('html escaping', () => {
  it('case=spec: a URL in href and in text has & escaped', () => {
    assert.equal(
      html('<a href="{{ .RecoveryURL }}">{{ .RecoveryURL }}</a>', { RecoveryURL: URL }),
      '<a href="http://h/self-service/recovery?flow=F&amp;token=T">http://h/self-service/recovery?flow=F&amp;token=T</a>',
    );
  });

  it('case=text mode escapes nothing', () => {
    assert.equal(text('<a href="{{ . }}">{{ . }}</a>', `${URL}<'">`), `<a href="${URL}<'">">${URL}<'"></a>`);
  });

  it('case=html text: Go entities, template text untouched', () => {
    assert.equal(html('<b>{{ . }}</b>', `<i>&'"+`), '<b>&lt;i&gt;&amp;&#39;&#34;&#43;</b>');
  });

  it('case=quoted attribute values', () => {
    assert.equal(html(`<p title="{{ . }}" class='{{ . }}'>`, `a"b'c<d>`), `<p title="a&#34;b&#39;c&lt;d&gt;" class='a&#34;b&#39;c&lt;d&gt;'>`);
  });

  it('case=unquoted attribute values escape spaces and an empty value is filtered', () => {
    assert.equal(html('<p title={{ . }}>', 'a b=c'), '<p title=a&#32;b&#61;c>');
    assert.equal(html('<p title={{ . }}>', ''), '<p title=ZgotmplZ>');
  });

  it('case=URL attributes: unsafe schemes filtered, URL normalized', () => {
    assert.equal(html('<a href="{{ . }}">', 'javascript:alert(1)'), '<a href="#ZgotmplZ">');
    assert.equal(html('<img src="{{ . }}">', ' JavaScript:x'), '<img src="#ZgotmplZ">');
    assert.equal(html('<a href="{{ . }}">', 'mailto:a@b.c'), '<a href="mailto:a@b.c">');
    assert.equal(html('<a href="{{ . }}">', '/p a/é?x="y"'), '<a href="/p%20a/%c3%a9?x=%22y%22">');
    assert.equal(html('<a data-url="{{ . }}">', 'javascript:x'), '<a data-url="#ZgotmplZ">');
  });

  it('case=URL query part is query-escaped', () => {
    assert.equal(html('<a href="/x?q={{ . }}&amp;r=1">', 'a b&c/d'), '<a href="/x?q=a%20b%26c%2fd&amp;r=1">');
  });

  it('case=only the first action of a URL is filtered', () => {
    assert.equal(html('<a href="{{ .A }}/{{ .B }}">', { A: 'https://x', B: 'javascript:y' }), '<a href="https://x/javascript:y">');
  });

  it('case=script element: values become JS literals', () => {
    assert.equal(html('<script>var x = {{ . }};</script>', '</script><b>'), '<script>var x = "\\u003c/script\\u003e\\u003cb\\u003e";</script>');
    assert.equal(html('<script>var n = {{ .N }}, m = {{ .M }};</script>', { N: 42, M: { a: [1, null] } }), '<script>var n =  42 , m = {"a":[1,null]};</script>');
    assert.equal(html(`<script>var s = "{{ . }}", t = '{{ . }}';</script>`, `a"b'c</`), `<script>var s = "a\\u0022b\\u0027c\\u003c\\/", t = 'a\\u0022b\\u0027c\\u003c\\/';</script>`);
  });

  it('case=event handler attributes are JS, then attribute-escaped', () => {
    assert.equal(html('<button onclick="f({{ . }})">', "it's"), '<button onclick="f(&#34;it&#39;s&#34;)">');
  });

  it('case=style: unsafe CSS values filtered', () => {
    assert.equal(html('<p style="color: {{ . }}">', 'red'), '<p style="color: red">');
    assert.equal(html('<p style="color: {{ . }}">', 'expression(alert(1))'), '<p style="color: ZgotmplZ">');
    assert.equal(html('<style>p { font-family: "{{ . }}" }</style>', 'a"b'), '<style>p { font-family: "a\\22 b" }</style>');
  });

  it('case=comments in template text are removed, values inside them dropped', () => {
    assert.equal(html('a<!-- secret {{ . }} -->b', 'x'), 'ab');
    assert.equal(html('<script>a = 1; // note\nb = 2; /* c */</script>', null), '<script>a = 1; \nb = 2;  </script>');
    assert.equal(html('<style>p { /* c */ color: red }</style>', null), '<style>p {   color: red }</style>');
  });

  it('case=a < that starts no tag is escaped, doctype kept', () => {
    assert.equal(html('<!DOCTYPE html><p>1 < 2</p>', null), '<!DOCTYPE html><p>1 &lt; 2</p>');
  });

  it('case=textarea and title content are escaped as text', () => {
    assert.equal(html('<title>{{ . }}</title><textarea>{{ . }}</textarea>', '</title>'), '<title>&lt;/title&gt;</title><textarea>&lt;/title&gt;</textarea>');
  });

  it('case=attribute names from values are filtered', () => {
    assert.equal(html('<input {{ . }}>', 'checked'), '<input checked>');
    assert.equal(html('<input {{ . }}="x">', 'onclick'), '<input ZgotmplZ="x">');
  });

  it('case=a predefined html escaper at the end is not applied twice', () => {
    assert.equal(html('<p>{{ . | html }}</p><a title="{{ . | html }}">', '<&>'), '<p>&lt;&amp;&gt;</p><a title="&lt;&amp;&gt;">');
    assert.equal(html('<a href="/?q={{ . | urlquery }}">', 'a b'), '<a href="/?q=a&#43;b">');
  });

  it('case=templates called from an attribute are escaped for that attribute', () => {
    assert.equal(html('{{ define "u" }}{{ . }}{{ end }}<a href="{{ template "u" .U }}">{{ template "u" .U }}</a>', { U: 'javascript:x' }), '<a href="#ZgotmplZ">javascript:x</a>');
  });

  it('case=nil and missing values print nothing', () => {
    assert.equal(html('<p>[{{ .Nope }}][{{ .Nil }}]</p><a href="{{ .Nope }}">', { Nil: null }), '<p>[][]</p><a href="">');
  });
});
