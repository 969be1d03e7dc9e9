/**
 * A flow's `ui` container as HTML forms: one `<form>` per method group (each with the `default`
 * nodes such as `csrf_token`), so that one method's required fields never block another
 * method's submit and settings sections save independently — the layout of Kratos's reference
 * UIs. Groups appear in the order of their first node, so new methods need no change here.
 */
import type { UiContainer, UiNode, UiText } from '../../wire/index.js';
import { attrs, html, safeUrl, type SafeHtml } from '../html.js';
import type { Translator } from '../i18n.js';
import { renderMessage, renderNode } from './nodes.js';

/** How a flow's forms are laid out. */
export interface FlowFormsOptions {
  t: Translator;
  /** Flow kind (`login`, `settings`, …). */
  flow: string;
  /** Element ids already used on the page. */
  ids: Set<string>;
  /** `headings`: an `<h2>` per group (settings); `divider`: "or" between groups (login, registration). */
  layout: 'headings' | 'divider' | 'plain';
}

const isHidden = (n: UiNode) => n.type === 'input' && n.attributes.type === 'hidden';

/** Node groups in order of first appearance, `default` excluded. */
export function methodGroups(nodes: readonly UiNode[]): string[] {
  const out: string[] = [];
  for (const n of nodes) if (n.group !== 'default' && !out.includes(n.group)) out.push(n.group);
  return out;
}

/** The flow's messages in a live region: `alert` when one is an error, else `status`. */
export function renderFlowMessages(messages: readonly UiText[] | undefined, t: Translator): SafeHtml {
  if (!messages || messages.length === 0) return html``;
  const role = messages.some((m) => m.type === 'error') ? 'alert' : 'status';
  return html`<div class="flow-messages" role="${role}" aria-label="${t.t('ui.messages.label')}">${messages.map((m) => renderMessage(m, t))}</div>`;
}

/** Every form of a flow. */
export function renderFlowForms(ui: UiContainer, o: FlowFormsOptions): SafeHtml {
  const defaults = ui.nodes.filter((n) => n.group === 'default');
  const hiddenDefaults = defaults.filter(isHidden);
  const visibleDefaults = defaults.filter((n) => !isHidden(n));
  const groups = methodGroups(ui.nodes);
  const action = safeUrl(ui.action);
  const method = (ui.method || 'POST').toUpperCase() === 'GET' ? 'get' : 'post';

  const form = (group: string, nodes: readonly UiNode[], first: boolean): SafeHtml => {
    const ctx = { t: o.t, flow: o.flow, ids: o.ids, prefix: group };
    const formId = `form-${group}`.replace(/[^A-Za-z0-9_-]+/g, '-');
    const headingId = `${formId}-heading`;
    const heading = o.layout === 'headings' ? html`<h2 id="${headingId}">${o.t.maybe(`ui.group.${group}`) ?? group}</h2>` : html``;
    const body = [...hiddenDefaults, ...(first ? visibleDefaults : []), ...nodes].map((n) => renderNode(n, ctx));
    return html`<form${attrs({
      action,
      method,
      class: `flow-form flow-form-${group}`,
      id: formId,
      'data-group': group,
      'aria-labelledby': o.layout === 'headings' ? headingId : undefined,
    })}>${heading}${body}</form>`;
  };

  if (groups.length === 0) return defaults.length ? form('default', [], true) : html``;
  const forms = groups.map((g, i) => form(g, ui.nodes.filter((n) => n.group === g), i === 0));
  if (o.layout !== 'divider') return html`${forms}`;
  const divider = html`<p class="divider" aria-hidden="true"><span>${o.t.t('ui.or')}</span></p>`;
  return html`${forms.map((f, i) => (i === 0 ? f : html`${divider}${f}`))}`;
}

/** Every `onclick` of the nodes (their hashes go into the page's Content-Security-Policy). */
export function inlineHandlers(nodes: readonly UiNode[]): string[] {
  const out: string[] = [];
  for (const n of nodes) if (n.type === 'input' && n.attributes.onclick) out.push(n.attributes.onclick);
  return out;
}
