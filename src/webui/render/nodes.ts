/**
 * One HTML rendering per node type (ui.md §2): every input type, text, img, a and script. Labels
 * come from `meta.label`, translated by message id; node messages sit next to their input and
 * are tied to it with `aria-describedby`.
 */
import type {
  UiNode,
  UiNodeAnchor,
  UiNodeImage,
  UiNodeInput,
  UiNodeScript,
  UiNodeText,
  UiText,
} from '../../wire/index.js';
import { attrs, html, safeUrl, type SafeHtml } from '../html.js';
import type { Translator } from '../i18n.js';

/** What node rendering needs from the page. */
export interface NodeContext {
  t: Translator;
  /** The flow kind, for autocomplete hints (`current-password` on login, `new-password` elsewhere). */
  flow: string;
  /** Element ids already used on the page; rendering adds its own. */
  ids: Set<string>;
  /** Prefix of element ids, e.g. the form's group. */
  prefix: string;
}

/** A page-unique element id derived from `base`. */
export function uniqueId(ids: Set<string>, base: string): string {
  const clean = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'node';
  let id = clean;
  for (let n = 2; ids.has(id); n++) id = `${clean}-${n}`;
  ids.add(id);
  return id;
}

/** One message as a paragraph; `data-testid` matches Kratos's reference UIs. */
export function renderMessage(msg: UiText, t: Translator, id?: string): SafeHtml {
  const kind = msg.type === 'error' ? 'error' : 'info';
  return html`<p${attrs({ id, class: `msg msg-${kind}`, 'data-testid': `ui/message/${msg.id}` })}>${t.message(msg)}</p>`;
}

function humanize(name: string): string {
  const last = name.replace(/^traits\./, '').replace(/[._]+/g, ' ').trim();
  return last ? last.charAt(0).toUpperCase() + last.slice(1) : name;
}

/** The visible label of a node: `meta.label`, else a catalogue word for its name, else its name. */
export function labelOf(node: UiNode, t: Translator): string {
  if (node.meta.label) return t.message(node.meta.label);
  const name = node.type === 'input' ? node.attributes.name : node.attributes.id;
  return t.maybe(`ui.field.${name}`) ?? humanize(name);
}

function autocomplete(a: UiNodeInput['attributes'], flow: string): string | undefined {
  const name = a.name;
  if (name === 'password_identifier') return 'username';
  if (a.type === 'password') return flow === 'login' ? 'current-password' : 'new-password';
  if (name === 'totp_code' || name === 'lookup_secret') return 'one-time-code';
  if (a.type === 'email') return 'email';
  if (/\.(first|first_name|given_name)$/.test(name)) return 'given-name';
  if (/\.(last|last_name|family_name)$/.test(name)) return 'family-name';
  return undefined;
}

function valueText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function messagesBlock(node: UiNode, ctx: NodeContext, id: string): { html: SafeHtml; describedBy?: string; invalid: boolean } {
  if (node.messages.length === 0) return { html: html``, invalid: false };
  const msgId = uniqueId(ctx.ids, `${id}-messages`);
  return {
    html: html`<div class="node-messages" id="${msgId}">${node.messages.map((m) => renderMessage(m, ctx.t))}</div>`,
    describedBy: msgId,
    invalid: node.messages.some((m) => m.type === 'error'),
  };
}

function renderInput(node: UiNodeInput, ctx: NodeContext): SafeHtml {
  const a = node.attributes;
  const value = valueText(a.value);
  if (a.type === 'hidden') return html`<input${attrs({ type: 'hidden', name: a.name, value: value ?? '' })}>`;

  const id = uniqueId(ctx.ids, `${ctx.prefix}-${a.name}`);
  const msgs = messagesBlock(node, ctx, id);
  const label = labelOf(node, ctx.t);
  if (a.type === 'submit' || a.type === 'button') {
    const button = html`<button${attrs({
      type: a.type,
      id,
      name: a.name,
      value: value ?? '',
      class: a.type === 'submit' ? 'button button-primary' : 'button',
      disabled: a.disabled,
      onclick: a.onclick,
      'aria-describedby': msgs.describedBy,
    })}>${label}</button>`;
    return html`<div class="node node-button">${button}${msgs.html}</div>`;
  }
  if (a.type === 'checkbox') {
    const input = html`<input${attrs({
      type: 'checkbox',
      id,
      name: a.name,
      value: 'true',
      checked: a.value === true || a.value === 'true',
      required: a.required,
      disabled: a.disabled,
      'aria-invalid': msgs.invalid ? 'true' : undefined,
      'aria-describedby': msgs.describedBy,
    })}>`;
    return html`<div class="node node-checkbox">${input}<label for="${id}">${label}</label>${msgs.html}</div>`;
  }
  const input = html`<input${attrs({
    type: a.type,
    id,
    name: a.name,
    // A password is never written back into the page, whatever the server sent.
    value: a.type === 'password' ? undefined : value,
    required: a.required,
    pattern: a.pattern,
    disabled: a.disabled,
    autocomplete: autocomplete(a, ctx.flow),
    inputmode: a.name === 'totp_code' ? 'numeric' : undefined,
    spellcheck: a.type === 'email' || a.name === 'password_identifier' ? 'false' : undefined,
    autocapitalize: a.type === 'email' || a.name === 'password_identifier' ? 'none' : undefined,
    step: a.type === 'number' ? 'any' : undefined,
    'aria-invalid': msgs.invalid ? 'true' : undefined,
    'aria-describedby': msgs.describedBy,
  })}>`;
  const required = a.required ? html` <span class="required">(${ctx.t.t('ui.required')})</span>` : html``;
  return html`<div class="node node-input"><label for="${id}">${label}${required}</label>${input}${msgs.html}</div>`;
}

function renderText(node: UiNodeText, ctx: NodeContext): SafeHtml {
  const a = node.attributes;
  const id = uniqueId(ctx.ids, `${ctx.prefix}-${a.id}`);
  const secrets = a.text.context?.secrets;
  const body = Array.isArray(secrets)
    ? html`<ul class="secrets">${(secrets as UiText[]).map((s) => html`<li><code>${ctx.t.message(s)}</code></li>`)}</ul>`
    : a.text.context && 'secret' in a.text.context
      ? html`<p><code class="secret">${ctx.t.message(a.text)}</code></p>`
      : html`<p>${ctx.t.message(a.text)}</p>`;
  const label = node.meta.label ? html`<p class="node-label">${ctx.t.message(node.meta.label)}</p>` : html``;
  return html`<div class="node node-text" id="${id}">${label}${body}${messagesBlock(node, ctx, id).html}</div>`;
}

function renderImage(node: UiNodeImage, ctx: NodeContext): SafeHtml {
  const a = node.attributes;
  const id = uniqueId(ctx.ids, `${ctx.prefix}-${a.id}`);
  const img = html`<img${attrs({ id, src: safeUrl(a.src, { allowDataImage: true }), alt: labelOf(node, ctx.t), width: a.width, height: a.height })}>`;
  return html`<figure class="node node-img">${img}${messagesBlock(node, ctx, id).html}</figure>`;
}

function renderAnchor(node: UiNodeAnchor, ctx: NodeContext): SafeHtml {
  const a = node.attributes;
  const id = uniqueId(ctx.ids, `${ctx.prefix}-${a.id}`);
  return html`<p class="node node-a"><a${attrs({ id, href: safeUrl(a.href) })}>${ctx.t.message(a.title)}</a></p>${messagesBlock(node, ctx, id).html}`;
}

function renderScript(node: UiNodeScript, ctx: NodeContext): SafeHtml {
  const a = node.attributes;
  const src = safeUrl(a.src);
  if (src === '#') return html``;
  return html`<script${attrs({
    id: uniqueId(ctx.ids, `${ctx.prefix}-${a.id}`),
    src,
    type: a.type || undefined,
    async: a.async,
    integrity: a.integrity || undefined,
    crossorigin: a.crossorigin || undefined,
    referrerpolicy: a.referrerpolicy || undefined,
  })}></script>`;
}

/** Renders any node by its type; an unknown type renders nothing (a later server may add types). */
export function renderNode(node: UiNode, ctx: NodeContext): SafeHtml {
  switch (node.type) {
    case 'input':
      return renderInput(node, ctx);
    case 'text':
      return renderText(node, ctx);
    case 'img':
      return renderImage(node, ctx);
    case 'a':
      return renderAnchor(node, ctx);
    case 'script':
      return renderScript(node, ctx);
    default:
      return html``;
  }
}
