/**
 * Reads the forms of a UI page the way a browser without JavaScript would submit them: every
 * named `<input>` (checkboxes only when checked) plus the name/value of the button pressed.
 * Written for the UI's own markup (double-quoted attributes, one element per tag).
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserResponse } from '../helpers/browser.js';

export interface ParsedButton {
  name: string;
  value: string;
  label: string;
}

export interface ParsedForm {
  group: string;
  action: string;
  method: string;
  fields: [string, string][];
  buttons: ParsedButton[];
  /** Names of inputs with their element ids (for label checks). */
  inputs: { name: string; type: string; id: string | undefined }[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`' };

export const decodeEntities = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39|#96);/g, (_m, e: string) => ENTITIES[e] as string);

/** Attributes of one tag (`<input a="b" c>`), read in order so that quoted values are skipped whole. */
export function tagAttributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /\s+([^\s="'>/]+)(?:="([^"]*)")?/y;
  re.lastIndex = /^<[A-Za-z0-9]+/.exec(tag)?.[0].length ?? 0;
  for (let m = re.exec(tag); m; m = re.exec(tag)) out[m[1] as string] = decodeEntities(m[2] ?? '');
  return out;
}

/** Every `<form>` of a page. */
export function parseForms(html: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = tagAttributes(m[1] as string);
    const body = m[2] as string;
    const fields: [string, string][] = [];
    const inputs: ParsedForm['inputs'] = [];
    for (const im of body.matchAll(/<input\b[^>]*>/g)) {
      const ia = tagAttributes(im[0]);
      if (!ia.name) continue;
      inputs.push({ name: ia.name, type: ia.type ?? 'text', id: ia.id });
      if (ia.type === 'checkbox' && !('checked' in ia)) continue;
      fields.push([ia.name, ia.value ?? '']);
    }
    const buttons: ParsedButton[] = [];
    for (const bm of body.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)) {
      const ba = tagAttributes(bm[1] as string);
      buttons.push({ name: ba.name ?? '', value: ba.value ?? '', label: decodeEntities((bm[2] as string).replace(/<[^>]+>/g, '').trim()) });
    }
    forms.push({ group: a['data-group'] ?? '', action: a.action ?? '', method: a.method ?? 'get', fields, buttons, inputs });
  }
  return forms;
}

/** The form of a method group; fails when the page has none. */
export function formOf(html: string, group: string): ParsedForm {
  const form = parseForms(html).find((f) => f.group === group);
  assert.ok(form, `no form of group "${group}" on the page:\n${html.slice(0, 3000)}`);
  return form;
}

/**
 * Submits `form` with `values` replacing (or adding) fields, pressing the first submit button
 * (or the one with `button` as its value). Returns the raw answer (redirects not followed).
 */
export function submitForm(browser: Browser, form: ParsedForm, values: Record<string, string>, button?: string): Promise<BrowserResponse> {
  const entries = form.fields.filter(([k]) => !(k in values));
  for (const [k, v] of Object.entries(values)) entries.push([k, v]);
  const pressed = button === undefined ? form.buttons[0] : form.buttons.find((b) => b.value === button);
  assert.ok(pressed, `no button ${button ?? ''} in form ${form.group}`);
  if (pressed.name) entries.push([pressed.name, pressed.value]);
  assert.equal(form.method, 'post');
  return browser.post(form.action, { form: entries });
}
