/**
 * Rendering of the `ui` container without a server: every node type and input type, labels
 * bound to inputs, node and flow messages wired for assistive technology, one form per method
 * group, and hostile values (traits, messages, URLs) escaped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UiContainer, UiNode, UiText } from '../../src/wire/index.js';
import { loadCatalogues, Translator } from '../../src/webui/i18n.js';
import { inlineHandlers, renderFlowForms, renderFlowMessages } from '../../src/webui/render/flow.js';
import { renderNode } from '../../src/webui/render/nodes.js';
import { linkify } from '../../src/webui/pages/mailbox.js';
import { parseForms, tagAttributes } from './forms.js';

const catalogues = loadCatalogues();
const t = new Translator('en', catalogues);
const ctx = () => ({ t, flow: 'settings', ids: new Set<string>(), prefix: 'g' });
const msg = (id: number, text: string, type: 'info' | 'error' = 'error', context?: Record<string, unknown>): UiText =>
  context ? { id, text, type, context } : { id, text, type };
const input = (name: string, type: string, group = 'password', extra: Record<string, unknown> = {}, label?: UiText, messages: UiText[] = []): UiNode =>
  ({ type: 'input', group, attributes: { name, type, disabled: false, node_type: 'input', ...extra }, messages, meta: label ? { label } : {} }) as UiNode;

const INPUT_TYPES = ['text', 'password', 'number', 'checkbox', 'hidden', 'email', 'submit', 'button', 'datetime-local', 'date', 'url'];

/** Every `<label for>` points at an element with that id, and every visible input has one. */
function assertLabelsBound(html: string): void {
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  const fors = [...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]);
  for (const f of fors) assert.ok(ids.has(f), `label for="${f}" has no element`);
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const a = tagAttributes(m[0]);
    if (a.type === 'hidden') continue;
    assert.ok(a.id && fors.includes(a.id), `input ${a.name} has no bound label: ${m[0]}`);
  }
}

describe('webui node rendering', () => {
  it('case=every input type renders, labelled and bound with for/id', () => {
    const html = INPUT_TYPES.map((type) => renderNode(input(`f_${type}`, type, 'profile', { value: 'v' }, msg(1070002, `Label ${type}`, 'info')), ctx()).value).join('\n');
    for (const type of INPUT_TYPES.filter((x) => x !== 'submit' && x !== 'button')) assert.match(html, new RegExp(`<input type="${type}"`));
    assert.match(html, /<button type="submit"[^>]* name="f_submit" value="v"[^>]*>Label submit<\/button>/);
    assert.match(html, /<button type="button"[^>]*>Label button<\/button>/);
    assert.match(html, /<input type="checkbox"[^>]* value="true"/);
    assert.doesNotMatch(html, /type="password"[^>]*value=/, 'a password is never written into the page');
    assertLabelsBound(html);
  });

  it('case=text, img, a and script nodes', () => {
    const nodes: UiNode[] = [
      { type: 'text', group: 'totp', attributes: { text: msg(1050006, 'JBSWY3DP', 'info', { secret: 'JBSWY3DP' }), id: 'totp_secret_key', node_type: 'text' }, messages: [], meta: { label: msg(1050006, 'This is your authenticator app secret.', 'info') } },
      {
        type: 'text',
        group: 'lookup_secret',
        attributes: { text: msg(1050015, 'a1, used', 'info', { secrets: [msg(1050009, 'a1', 'info', { secret: 'a1' }), msg(1050014, 'Secret was used at x', 'info', { used_at: '2026-01-02T03:04:05Z' })] }), id: 'lookup_secret_codes', node_type: 'text' },
        messages: [],
        meta: {},
      },
      { type: 'img', group: 'totp', attributes: { src: 'data:image/png;base64,AAAA', id: 'totp_qr', width: 256, height: 256, node_type: 'img' }, messages: [], meta: { label: msg(1050005, 'Authenticator app QR code', 'info') } },
      { type: 'a', group: 'default', attributes: { href: 'https://example.org/help', title: msg(1010005, 'Verify', 'info'), id: 'help', node_type: 'a' }, messages: [], meta: {} },
      { type: 'script', group: 'webauthn', attributes: { src: 'http://127.0.0.1:4433/.well-known/ory/webauthn.js', async: true, referrerpolicy: 'no-referrer', crossorigin: 'anonymous', integrity: 'sha512-x', type: 'text/javascript', id: 'webauthn_script', node_type: 'script' }, messages: [], meta: {} },
    ];
    const html = nodes.map((n) => renderNode(n, ctx()).value).join('\n');
    assert.match(html, /<code class="secret">JBSWY3DP<\/code>/);
    assert.match(html, /This is your authenticator app secret\./);
    assert.match(html, /<ul class="secrets"><li><code>a1<\/code><\/li><li><code>Secret was used at /);
    assert.match(html, /<img id="[^"]+" src="data:image\/png;base64,AAAA" alt="Authenticator app QR code" width="256" height="256">/);
    assert.match(html, /<a id="[^"]+" href="https:\/\/example.org\/help">Verify<\/a>/);
    assert.match(html, /<script id="[^"]+" src="http:\/\/127.0.0.1:4433\/.well-known\/ory\/webauthn.js" type="text\/javascript" async integrity="sha512-x" crossorigin="anonymous" referrerpolicy="no-referrer"><\/script>/);
    assert.equal(renderNode({ type: 'video', group: 'x', attributes: {}, messages: [], meta: {} } as unknown as UiNode, ctx()).value, '', 'unknown node types render nothing');
  });

  it('case=node messages are tied to their input (aria-describedby, aria-invalid) and carry the message id', () => {
    const node = input('password', 'password', 'password', { required: true }, msg(1070001, 'Password', 'info'), [msg(4000005, 'The password can not be used because it is short.', 'error', { reason: 'it is short' })]);
    const html = renderNode(node, ctx()).value;
    const inputTag = tagAttributes(/<input\b[^>]*>/.exec(html)?.[0] ?? '');
    assert.equal(inputTag['aria-invalid'], 'true');
    assert.ok(inputTag['aria-describedby']);
    assert.match(html, new RegExp(`<div class="node-messages" id="${inputTag['aria-describedby']}"><p class="msg msg-error" data-testid="ui/message/4000005">The password can not be used because it is short\\.</p>`));
    assert.equal(inputTag.required, '');
    assert.equal(inputTag.autocomplete, 'new-password');
  });

  it('case=an input without a label gets one from the catalogue or its name', () => {
    const html = [input('email', 'email', 'link'), input('traits.favourite_colour', 'text', 'default')].map((n) => renderNode(n, ctx()).value).join('');
    assert.match(html, /<label for="[^"]+">Email</);
    assert.match(html, /<label for="[^"]+">Favourite colour</);
    assertLabelsBound(html);
  });

  it('case=flow messages: an error is an alert, info is a status', () => {
    assert.match(renderFlowMessages([msg(4000006, 'bad', 'error', {})], t).value, /role="alert"/);
    assert.match(renderFlowMessages([msg(1050001, 'Your changes have been saved!', 'info')], t).value, /role="status"[^>]*><p class="msg msg-info" data-testid="ui\/message\/1050001">Your changes have been saved!<\/p>/);
    assert.equal(renderFlowMessages(undefined, t).value, '');
  });
});

describe('webui forms', () => {
  const csrf = input('csrf_token', 'hidden', 'default', { value: 'tok', required: true });
  const ui = (nodes: UiNode[]): UiContainer => ({ action: 'http://127.0.0.1:4433/self-service/settings?flow=f', method: 'POST', nodes });

  it('case=one form per method group, each with the default nodes, in order of first appearance', () => {
    const nodes = [
      csrf,
      input('traits.email', 'email', 'profile', { value: 'a@b.c' }, msg(1070002, 'E-Mail', 'info')),
      input('method', 'submit', 'profile', { value: 'profile' }, msg(1070003, 'Save', 'info')),
      input('password', 'password', 'password', { required: true }, msg(1070001, 'Password', 'info')),
      input('method', 'submit', 'password', { value: 'password' }, msg(1070003, 'Save', 'info')),
      input('passkey', 'text', 'passkey', {}, undefined),
    ];
    const html = renderFlowForms(ui(nodes), { t, flow: 'settings', ids: new Set(), layout: 'headings' }).value;
    const forms = parseForms(html);
    assert.deepEqual(forms.map((f) => f.group), ['profile', 'password', 'passkey']);
    for (const f of forms) {
      assert.equal(f.action, 'http://127.0.0.1:4433/self-service/settings?flow=f');
      assert.deepEqual(f.fields[0], ['csrf_token', 'tok']);
    }
    assert.deepEqual(forms[0]?.buttons, [{ name: 'method', value: 'profile', label: 'Save' }]);
    assert.match(html, /<h2 id="form-profile-heading">Profile<\/h2>/);
    assert.match(html, /<h2 id="form-passkey-heading">passkey<\/h2>/, 'a group the UI does not know still gets its form');
    assertLabelsBound(html);
  });

  it('case=onclick handlers are listed for the page Content-Security-Policy', () => {
    const trigger = input('webauthn_register_trigger', 'button', 'webauthn', { value: '', onclick: 'window.__oryWebAuthnRegistration({})' }, msg(1050012, 'Add security key', 'info'));
    assert.deepEqual(inlineHandlers([csrf, trigger]), ['window.__oryWebAuthnRegistration({})']);
    const html = renderFlowForms(ui([csrf, trigger]), { t, flow: 'settings', ids: new Set(), layout: 'plain' }).value;
    assert.match(html, /onclick="window.__oryWebAuthnRegistration\(\{\}\)"/);
  });

  it('case=hostile values are escaped: traits, labels, messages, URLs', () => {
    const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const nodes: UiNode[] = [
      csrf,
      input('traits.name.first', 'text', 'profile', { value: evil, pattern: evil }, msg(1070002, evil, 'info'), [msg(4000001, evil)]),
      input(`traits.${evil}`, 'checkbox', 'profile', { value: true }, undefined),
      { type: 'img', group: 'profile', attributes: { src: 'javascript:alert(3)', id: evil, node_type: 'img' }, messages: [], meta: {} },
      { type: 'a', group: 'profile', attributes: { href: 'javascript:alert(4)', title: msg(1, evil, 'info'), id: 'x', node_type: 'a' }, messages: [], meta: {} },
      { type: 'script', group: 'profile', attributes: { src: 'javascript:alert(5)', async: true, referrerpolicy: '', crossorigin: '', integrity: '', type: '', id: 's', node_type: 'script' }, messages: [], meta: {} },
    ];
    const container: UiContainer = { action: 'javascript:alert(6)', method: 'POST', nodes, messages: [msg(4000001, evil)] };
    const html = renderFlowMessages(container.messages, t).value + renderFlowForms(container, { t, flow: 'settings', ids: new Set(), layout: 'plain' }).value;
    assert.doesNotMatch(html, /<script>|<img src=x|javascript:/i);
    const attributeNames = [...html.matchAll(/<[a-z]+\b[^>]*>/g)].flatMap((m) => Object.keys(tagAttributes(m[0])));
    assert.ok(attributeNames.length > 20);
    assert.deepEqual(attributeNames.filter((n) => n.startsWith('on')), [], 'no event handler attribute was injected');
    assert.match(html, /&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /action="#"/);
    assert.doesNotMatch(html, /<script\b/, 'a script node with a bad URL is dropped');
    assert.equal(linkify('see <b>https://a.example/x?y=1&z="2"</b>.').value, 'see &lt;b&gt;<a href="https://a.example/x?y=1&amp;z=">https://a.example/x?y=1&amp;z=</a>&quot;2&quot;&lt;/b&gt;.');
  });
});
