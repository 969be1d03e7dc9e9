/**
 * Shared pieces of the recovery and verification suites (the `link` method): a `--dev` Gatehouse
 * whose courier delivers to a real SMTP server on loopback, a loopback web-hook target, the
 * expected nodes, messages and mail texts (ui.md §5.5, §7.5–§7.9; courier.md §3.2, §5), and the
 * moves a person makes: read the link from the received mail and follow it in a browser.
 * Expectations are written from the spec, never read back from the server.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { Browser, type BrowserResponse } from '../helpers/browser.js';
import { linkIn, Mailbox, type ReceivedMail } from '../helpers/mailbox.js';
import { createIdentity, request, type Dialect, type Gatehouse, type RawResponse } from '../helpers/server.js';
import {
  assertNodes,
  error as errorText,
  flowIdFromLocation,
  freshEmail,
  info,
  input,
  jsonPost,
  TOKEN_RE,
  useFlowServer,
  UUID_RE,
  type FlowBody,
  type UiNode,
  type UiText,
} from './support.js';

type Doc = Record<string, unknown>;

export type LinkKind = 'recovery' | 'verification';
export const LINK_KINDS: readonly LinkKind[] = ['recovery', 'verification'];

/** UI URLs: the harness's base configuration plus the two flows enabled here. */
export const LINK_UI = {
  recovery: 'http://127.0.0.1:4455/recovery',
  verification: 'http://127.0.0.1:4455/verification',
  settings: 'http://127.0.0.1:4455/settings',
  login: 'http://127.0.0.1:4455/login',
  error: 'http://127.0.0.1:4455/error',
} as const;
/** `selfservice.default_browser_return_url` of the base configuration. */
export const DEFAULT_RETURN = 'http://127.0.0.1:4455/';
/** Public routes registered by the server are never cached (spec README). */
export const NO_STORE = 'private, no-cache, no-store, must-revalidate';
export const JSON_ACCEPT = { accept: 'application/json' };
export const HOUR_MS = 60 * 60 * 1000;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Sleeps until `ms` past an RFC 3339 instant of the server (same machine, same clock). Expiry tests
 * wait well past it, so that upstream's `expired_at` (now + time since expiry) would lie seconds
 * in the future and cannot pass for the expiry instant.
 */
export const sleepPast = (iso: string, ms = 1500) => sleep(Math.max(0, Date.parse(iso) + ms - Date.now()));

// ---------------------------------------------------------------------------------------------
// Stand-ins: SMTP mailbox and web-hook target, and the server that uses them
// ---------------------------------------------------------------------------------------------

export interface HookCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The evaluated Jsonnet body (see HOOK_TEMPLATE). */
  body: Record<string, unknown>;
}

/**
 * A web-hook receiver on loopback. It answers 200, except 500 when the identity's email in the
 * body starts with `hookfail` (case-insensitive), so one server can test passing and failing hooks.
 */
export class HookTarget {
  readonly calls: HookCall[] = [];
  #server: Server | null = null;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw || '{}') as Record<string, unknown>;
        } catch {
          body = { unparsable: raw };
        }
        this.calls.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        const fail = String(body.email ?? '').toLowerCase().startsWith('hookfail');
        res.statusCode = fail ? 500 : 200;
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    this.#server = null;
    if (s) await new Promise<void>((ok) => s.close(() => ok()));
  }

  async waitFor(pred: (c: HookCall) => boolean, timeoutMs = 10_000): Promise<HookCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = this.calls.find(pred);
      if (c) return c;
      if (Date.now() > deadline) throw new Error(`no matching web-hook call; received ${JSON.stringify(this.calls.map((x) => [x.path, x.body]))}`);
      await sleep(50);
    }
  }
}

/** The Jsonnet body of every web hook of these suites (flows.md §9: `ctx` fields). */
const HOOK_TEMPLATE = Buffer.from(
  'function(ctx) { flow_id: ctx.flow.id, flow_type: ctx.flow.type, identity_id: ctx.identity.id, email: ctx.identity.traits.email, method: ctx.request_method }',
).toString('base64');

/** A `web_hook` entry posting to `<target>/<path>`. */
export function webHook(hooks: HookTarget, path: string): Doc {
  return { hook: 'web_hook', config: { url: `${hooks.url}/${path}`, method: 'POST', body: `base64://${HOOK_TEMPLATE}` } };
}

/** After-hooks of recovery (`/recovery`) and verification (`/verification`) (flows.md §9). */
export const afterHooks = ({ hooks }: LinkStandIns): Doc => ({
  selfservice: {
    flows: {
      recovery: { after: { hooks: [webHook(hooks, 'recovery')] } },
      verification: { after: { hooks: [webHook(hooks, 'verification')] } },
    },
  },
});

/** Recovery and verification enabled, the courier inside `serve`, delivering to `mailbox`. */
export function linkConfig(mailbox: Mailbox): Doc {
  return {
    'watch-courier': true,
    courier: { smtp: { connection_uri: mailbox.connectionUri } },
    selfservice: {
      flows: {
        recovery: { enabled: true, ui_url: LINK_UI.recovery },
        verification: { enabled: true, ui_url: LINK_UI.verification },
      },
    },
  };
}

export interface LinkStandIns {
  mailbox: Mailbox;
  hooks: HookTarget;
}
export interface LinkSuite extends LinkStandIns {
  gh: Gatehouse;
}
export type ConfigPart = Doc | ((s: LinkStandIns) => Doc);

/**
 * For the enclosing suite: starts a loopback mailbox and web-hook target, then a `--dev`
 * Gatehouse (flow base configuration, `linkConfig`, then `config` in order; a function part is
 * called once the stand-ins listen). Stops everything after the suite.
 */
export function useLinkServer(dialect: Dialect, ...config: ConfigPart[]): LinkSuite {
  const mailbox = new Mailbox();
  const hooks = new HookTarget();
  before(async () => {
    await mailbox.start();
    await hooks.start();
  });
  const gh = useFlowServer(
    dialect,
    () => linkConfig(mailbox),
    ...config.map((c) => (typeof c === 'function' ? () => c({ mailbox, hooks }) : c)),
  );
  after(async () => {
    await hooks.stop();
    await mailbox.stop();
  });
  return { gh, mailbox, hooks };
}

// ---------------------------------------------------------------------------------------------
// Wire shapes and expected values
// ---------------------------------------------------------------------------------------------

export interface LinkFlow extends FlowBody {
  state: 'choose_method' | 'sent_email' | 'passed_challenge';
}
export interface SettingsFlowBody extends FlowBody {
  state: string;
  identity: { id: string; traits: { email: string } };
}
export interface Address {
  id: string;
  value: string;
  verified?: boolean;
  via: string;
  status?: string;
  verified_at?: string;
  created_at: string;
  updated_at: string;
}
export interface IdentityBody {
  id: string;
  state: string;
  traits: { email: string; name?: { first?: string; last?: string } };
  verifiable_addresses?: Address[];
  recovery_addresses?: Address[];
}
export type Envelope = { error: { id?: string; code: number; status?: string; reason?: string; message: string; details?: Record<string, unknown> } };

const ALREADY_COMPLETED = 'The request was already completed successfully and can not be retried.';

/** Messages of ui.md §7.5, §7.7–§7.9 as the wire carries them. */
export const LINK_MSG = {
  recoverySent: info(1060002, 'An email containing a recovery link has been sent to the email address you provided.', {}),
  verificationSent: info(1080001, 'An email containing a verification link has been sent to the email address you provided.', {}),
  verified: info(1080002, 'You successfully verified your email address.'),
  recoveryRetrySuccess: errorText(4060001, ALREADY_COMPLETED, {}),
  verificationRetrySuccess: errorText(4070002, ALREADY_COMPLETED, {}),
  recoveryTokenInvalid: errorText(4060004, 'The recovery token is invalid or has already been used. Please retry the flow.', {}),
  verificationTokenInvalid: errorText(4070001, 'The verification token is invalid or has already been used. Please retry the flow.', {}),
  recoveryNoStrategy: errorText(4010005, 'Could not find a strategy to recover your account with. Did you fill out the form correctly?'),
  verificationNoStrategy: errorText(4010006, 'Could not find a strategy to verify your account with. Did you fill out the form correctly?'),
  emailMissing: errorText(4000002, 'Property email is missing.', { property: 'email' }),
  invalidEmail: (value: string) => errorText(4000001, `"${value}" is not valid "email"`),
  generic: (text: string) => errorText(4000001, text),
};

/** Per kind: the message of `sent_email`, of a retry after `passed_challenge`, of a bad token. */
export const SENT: Record<LinkKind, UiText> = { recovery: LINK_MSG.recoverySent, verification: LINK_MSG.verificationSent };
export const RETRY_SUCCESS: Record<LinkKind, UiText> = { recovery: LINK_MSG.recoveryRetrySuccess, verification: LINK_MSG.verificationRetrySuccess };
export const TOKEN_INVALID: Record<LinkKind, UiText> = { recovery: LINK_MSG.recoveryTokenInvalid, verification: LINK_MSG.verificationTokenInvalid };
export const NO_STRATEGY: Record<LinkKind, UiText> = { recovery: LINK_MSG.recoveryNoStrategy, verification: LINK_MSG.verificationNoStrategy };
/** Submit operation ids of the OpenAPI document. */
export const SUBMIT_OP: Record<LinkKind, string> = { recovery: 'submitSelfServiceRecoveryFlow', verification: 'submitSelfServiceVerificationFlow' };
/** Reasons of api.md §5.4 / §6.3 for an unknown flow on submit. */
export const FLOW_NOT_FOUND: Record<LinkKind, string> = {
  recovery: 'The recovery request could not be found. Please restart the flow.',
  verification: 'The verification request could not be found. Please restart the flow.',
};
/** Reasons of api.md §5 / §6 when the flow is disabled. */
export const DISABLED: Record<LinkKind, string> = {
  recovery: 'Recovery is not allowed because it was disabled.',
  verification: 'Verification is not allowed because it was disabled.',
};
export const ENDPOINT_DISABLED =
  'This endpoint was disabled by system administrator. Please check your url or contact the system administrator to enable it.';
export const RECOVERY_WHILE_SIGNED_IN = 'A valid session was detected and thus recovery is not possible.';
/** The stored/forwarded error of a recovery link of an inactive identity (identity.md §2). */
export const IDENTITY_DISABLED = { code: 401, status: 'Unauthorized', message: 'identity is disabled', reason: 'This account was disabled.' };

/**
 * Nodes of ui.md §5.5 in insertion order: `choose_method` (email labelled 1070007, no value) or,
 * with `email` given, `sent_email` / after an email-field error (email prefilled, no label).
 */
export function linkNodes(o: { csrf: string; email?: string; emailMessages?: UiText[] }): UiNode[] {
  const email =
    o.email === undefined
      ? input('email', 'email', 'link', { required: true, label: info(1070007, 'Email'), messages: o.emailMessages })
      : input('email', 'email', 'link', { value: o.email, required: true, messages: o.emailMessages });
  return [
    input('csrf_token', 'hidden', 'default', { value: o.csrf, required: true }),
    email,
    input('method', 'submit', 'link', { value: 'link', label: info(1070005, 'Submit') }),
  ];
}

export { assertNodes };

export const csrfOf = (flow: FlowBody): string => {
  const v = flow.ui.nodes.find((n) => n.attributes.name === 'csrf_token')?.attributes.value;
  assert.equal(typeof v, 'string', 'the flow has a csrf_token node');
  return v as string;
};

/** Fields every recovery/verification flow may carry (flows.md §3: no created_at/updated_at). */
const FLOW_KEYS = ['id', 'type', 'expires_at', 'issued_at', 'request_url', 'return_to', 'active', 'ui', 'state'];

/** The common shape of a link flow (flows.md §3, ui.md §1). */
export function assertLinkFlow(
  gh: Gatehouse,
  kind: LinkKind,
  flow: LinkFlow,
  o: { type: 'api' | 'browser'; state: LinkFlow['state']; id?: string; lifespanMs?: number; requestUrl?: string },
): void {
  for (const k of Object.keys(flow)) assert.ok(FLOW_KEYS.includes(k), `unexpected field ${k} on a ${kind} flow`);
  assert.match(flow.id, UUID_RE);
  if (o.id) assert.equal(flow.id, o.id);
  assert.equal(flow.type, o.type);
  assert.equal(flow.state, o.state);
  if (o.requestUrl !== undefined) assert.equal(flow.request_url, o.requestUrl);
  assert.equal(flow.ui.action, `${gh.publicUrl}self-service/${kind}?flow=${flow.id}`);
  assert.equal(flow.ui.method, 'POST');
  const life = Date.parse(flow.expires_at) - Date.parse(flow.issued_at);
  assert.ok(Math.abs(life - (o.lifespanMs ?? HOUR_MS)) < 1000, `expires_at - issued_at = ${life} ms`);
}

/**
 * The one message of a flow that replaced an expired flow or token: 4060005 / 4070005 with
 * `expired_at`, never before the earliest instant the flow or token could expire. With
 * `fixed: true` also Gatehouse's fix of upstream's arithmetic (ui.md §7.10 note: now + time since
 * expiry, a future instant): `expired_at` must not lie in the future. Only tests named after the
 * bug pass `fixed`.
 */
export function assertExpiredMessage(
  kind: LinkKind,
  messages: UiText[] | undefined,
  window: { notBefore: number; notAfter: number },
  o: { fixed?: boolean } = {},
): void {
  assert.equal(messages?.length, 1, JSON.stringify(messages));
  const [m] = messages as [UiText];
  assert.deepStrictEqual([m.id, m.type], [kind === 'recovery' ? 4060005 : 4070005, 'error']);
  const minutes = new RegExp(`^The ${kind} flow expired (\\d+\\.\\d{2}) minutes ago, please try again\\.$`).exec(m.text);
  assert.ok(minutes, m.text);
  assert.ok(Number(minutes[1]) >= 0 && Number(minutes[1]) < 1, `expired ${minutes[1]} minutes ago`);
  assert.deepStrictEqual(Object.keys(m.context ?? {}), ['expired_at']);
  const at = Date.parse(String(m.context?.expired_at));
  assert.ok(!Number.isNaN(at), `expired_at ${String(m.context?.expired_at)}`);
  assert.ok(at >= window.notBefore - 1000, `expired_at ${new Date(at).toISOString()} is before the flow or token could expire`);
  if (o.fixed) {
    const ahead = at - window.notAfter;
    assert.ok(ahead <= 250, `expired_at ${new Date(at).toISOString()} lies ${ahead} ms in the future (upstream bug, ui.md §7.10 note)`);
  }
}

/**
 * The settings flow created by a recovery link carries exactly 1060001 with
 * `privilegedSessionExpiresAt` = now + `privileged_session_max_age` (ui.md §7.5).
 */
export function assertRecoveredMessage(messages: UiText[] | undefined, maxAgeMs: number, clickedAt: number): void {
  assert.equal(messages?.length, 1, JSON.stringify(messages));
  const [m] = messages as [UiText];
  assert.deepStrictEqual([m.id, m.type], [1060001, 'info']);
  const minutes = /^You successfully recovered your account\. Please change your password or set up an alternative login method \(e\.g\. social sign in\) within the next (\d+\.\d{2}) minutes\.$/.exec(
    m.text,
  );
  assert.ok(minutes, m.text);
  const left = Number(minutes[1]);
  assert.ok(left <= maxAgeMs / 60_000 && left > maxAgeMs / 60_000 - 1, `${left} minutes left`);
  assert.deepStrictEqual(Object.keys(m.context ?? {}), ['privilegedSessionExpiresAt']);
  const at = Date.parse(String(m.context?.privilegedSessionExpiresAt));
  assert.ok(Math.abs(at - (clickedAt + maxAgeMs)) < 60_000, `privilegedSessionExpiresAt ${String(m.context?.privilegedSessionExpiresAt)}`);
}

// ---------------------------------------------------------------------------------------------
// Mails (courier.md §3.2, §4, §5)
// ---------------------------------------------------------------------------------------------

export type Template = 'recovery_valid' | 'recovery_invalid' | 'verification_valid' | 'verification_invalid';

/** Subjects without the template file's trailing line break (it cannot survive a mail header). */
export const SUBJECT: Record<Template, string> = {
  recovery_valid: 'Recover access to your account',
  recovery_invalid: 'Account access attempted',
  verification_valid: 'Please verify your email address',
  verification_invalid: 'Someone tried to verify this email address',
};

const RECOVERY_INVALID_TEXT =
  'Hi,\n\nyou (or someone else) entered this email address when trying to recover access to an account.\n\n' +
  'However, this email address is not on our database of registered users and therefore the attempt has failed.\n\n' +
  'If this was you, check if you signed up using a different address.\n\nIf this was not you, please ignore this email.\n';
const VERIFICATION_INVALID_TEXT =
  'Hi,\n\nsomeone asked to verify this email address, but we were unable to find an account for this address.\n\n' +
  'If this was you, check if you signed up using a different address.\n\nIf this was not you, please ignore this email.\n';

/** The plain-text body of the built-in template (courier.md §3.2). */
export function mailText(t: Template, link = ''): string {
  switch (t) {
    case 'recovery_valid':
      return `Hi,\n\nplease recover access to your account by clicking the following link:\n\n${link}\n`;
    case 'recovery_invalid':
      return RECOVERY_INVALID_TEXT;
    case 'verification_valid':
      return `Hi, please verify your account by clicking the following link:\n\n${link}\n\n`;
    case 'verification_invalid':
      return VERIFICATION_INVALID_TEXT;
  }
}

/** The HTML body: the link HTML-escaped (`&amp;`) in the anchor (courier.md §3.2, §5). */
export function mailHtml(t: Template, link = ''): string {
  const esc = link.replace(/&/g, '&amp;');
  switch (t) {
    case 'recovery_valid':
      return `Hi,\n\nplease recover access to your account by clicking the following link:\n\n<a href="${esc}">${esc}</a>\n`;
    case 'verification_valid':
      return `Hi, please verify your account by clicking the following link:\n\n<a href="${esc}">${esc}</a>\n`;
    default:
      return mailText(t);
  }
}

/** Line endings as sent over SMTP (CRLF) and the part's trailing line breaks are transport. */
const normalize = (s: string) => s.replace(/\r\n/g, '\n').replace(/\s+$/, '');

/** Waits for the `n`-th mail of template `t` to `address`. */
export async function waitForMail(mailbox: Mailbox, address: string, t: Template, n = 1, timeoutMs = 20_000): Promise<ReceivedMail> {
  const matching = () => mailbox.to(address).filter((m) => m.subject.trim() === SUBJECT[t]);
  await mailbox.waitFor(() => matching().length >= n, timeoutMs);
  return matching()[n - 1] as ReceivedMail;
}

/** Subject, sender, recipient, content type and both bodies, exactly as the built-in template renders. */
export function assertMail(mail: ReceivedMail, t: Template, o: { to: string; link?: string }): void {
  const head = mail.raw.slice(0, Math.max(0, mail.raw.indexOf('\r\n\r\n')));
  assert.equal(mail.subject.trim(), SUBJECT[t], head);
  assert.equal(mail.from, 'no-reply@ory.kratos.sh', `the From header (courier.md §4) of\n${head}`);
  assertRecipient(mail, o.to);
  const ct = mail.headers.get('content-type') as { value?: string } | undefined;
  assert.equal(ct?.value, 'multipart/alternative', 'a text and an HTML part');
  assert.equal(normalize(mail.text), normalize(mailText(t, o.link)), 'plain-text body');
  assert.equal(normalize(mail.html), normalize(mailHtml(t, o.link)), 'HTML body');
}

/**
 * The envelope recipient is the address (stored, or as entered for the "invalid" mails): the
 * local part exactly, the domain case-insensitively (domains are; mail libraries lower-case them).
 */
export function assertRecipient(mail: ReceivedMail, address: string): void {
  const split = (a: string) => [a.slice(0, a.lastIndexOf('@')), a.slice(a.lastIndexOf('@') + 1).toLowerCase()];
  assert.deepStrictEqual(mail.to.map(split), [split(address)], `envelope recipient ${JSON.stringify(mail.to)} of a mail to ${address}`);
}

export interface MailLink {
  /** The link exactly as written in the plain-text part. */
  url: string;
  flowId: string;
  token: string;
}

/** `<public>/self-service/<kind>?flow=<uuid>&token=<32 alnum>` (courier.md §5), read from the plain part. */
export function linkOf(gh: Gatehouse, kind: LinkKind, mail: ReceivedMail): MailLink {
  const url = linkIn(mail).href;
  const m = new RegExp(`^${escapeRe(gh.publicUrl)}self-service/${kind}\\?flow=([^&]+)&token=([^&]+)$`).exec(url);
  assert.ok(m, `link format of ${url}`);
  const [, flowId = '', token = ''] = m;
  assert.match(flowId, UUID_RE);
  assert.match(token, TOKEN_RE);
  assert.ok(mail.text.includes(url), 'the link appears verbatim in the plain part');
  return { url, flowId, token };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Proves that everything queued before has been delivered: queues a `recovery_invalid` mail to
 * a fresh address and waits for it (the courier sends in `created_at` order, courier.md §2).
 */
export async function mailBarrier(gh: Gatehouse, mailbox: Mailbox): Promise<void> {
  const address = freshEmail('Barrier');
  const flow = await initApiFlow(gh, 'recovery');
  const res = await jsonPost(flow.ui.action, { method: 'link', email: address });
  assert.equal(res.status, 200, res.text);
  await waitForMail(mailbox, address, 'recovery_invalid');
}

/**
 * Exactly `n` mails have reached `address`, and no more will: everything queued before a barrier
 * mail has been delivered once the barrier arrives.
 */
export async function assertMailCount(gh: Gatehouse, mailbox: Mailbox, address: string, n: number, what?: string): Promise<void> {
  await mailBarrier(gh, mailbox);
  assert.equal(mailbox.to(address).length, n, what ?? `mails to ${address}`);
}

/** A flow in `sent_email` after `email` was submitted (api.md §5.4 a, §6.3 a; ui.md §5.5). */
export function assertSentFlow(gh: Gatehouse, kind: LinkKind, flow: LinkFlow, o: { type: 'api' | 'browser'; id: string; email: string }): void {
  assertLinkFlow(gh, kind, flow, { type: o.type, state: 'sent_email', id: o.id });
  assert.equal(flow.active, 'link');
  assert.deepStrictEqual(flow.ui.messages, [SENT[kind]]);
  assertNodes(flow.ui.nodes, linkNodes({ csrf: o.type === 'api' ? '' : csrfOf(flow), email: o.email }));
}

// ---------------------------------------------------------------------------------------------
// Client moves
// ---------------------------------------------------------------------------------------------

/** `GET /self-service/<kind>/api`: fails unless 200. */
export async function initApiFlow(gh: Gatehouse, kind: LinkKind, query = '', headers: Record<string, string> = {}): Promise<LinkFlow> {
  const res = await request('GET', new URL(`self-service/${kind}/api${query}`, gh.publicUrl), { headers });
  assert.equal(res.status, 200, res.text);
  return res.json as LinkFlow;
}

/** `GET /self-service/<kind>/flows?id=` without cookies (what a native app does). */
export function fetchApiFlow(gh: Gatehouse, kind: LinkKind, id: string): Promise<RawResponse> {
  return request('GET', new URL(`self-service/${kind}/flows?id=${id}`, gh.publicUrl), { headers: JSON_ACCEPT });
}

/** The UI's fetch of a flow with the browser's cookies. */
export function fetchBrowserFlow(gh: Gatehouse, b: Browser, kind: LinkKind, id: string): Promise<BrowserResponse> {
  return b.get(new URL(`self-service/${kind}/flows?id=${id}`, gh.publicUrl), { headers: JSON_ACCEPT });
}

/** Fetches a flow (with the browser's cookies when given) and fails unless 200. */
export async function flowById(gh: Gatehouse, kind: LinkKind, id: string, b?: Browser): Promise<LinkFlow> {
  const res = b ? await fetchBrowserFlow(gh, b, kind, id) : await fetchApiFlow(gh, kind, id);
  assert.equal(res.status, 200, res.text);
  return res.json as LinkFlow;
}

/** Navigates to the browser init endpoint, asserts the 303 to the UI, fetches the flow. */
export async function startBrowserFlow(gh: Gatehouse, b: Browser, kind: LinkKind, query = ''): Promise<LinkFlow> {
  const init = await b.get(new URL(`self-service/${kind}/browser${query}`, gh.publicUrl));
  assert.equal(init.status, 303, init.text);
  return flowById(gh, kind, flowIdFromLocation(init.location, LINK_UI[kind]), b);
}

/** An HTML form post of the email to the flow's action. */
export function submitEmailForm(b: Browser, flow: LinkFlow, email: string, csrf = csrfOf(flow)): Promise<BrowserResponse> {
  return b.post(flow.ui.action, { form: { csrf_token: csrf, email, method: 'link' } });
}

/** A native app's JSON submit of the email (no cookies, no Origin). */
export function submitEmailApi(flow: LinkFlow, email: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return jsonPost(flow.ui.action, { method: 'link', email }, headers);
}

/** Where a redirect to `<ui>?flow=<id>` leads: the new flow id. */
export const flowIdAt = (res: BrowserResponse | RawResponse, ui: string): string => flowIdFromLocation(res.headers.get('location') ?? undefined, ui);

/** A `303` to `<public>/self-service/<kind>/flows?id=<uuid>` (flows.md §12): the new flow id. */
export function flowIdAtFlowsEndpoint(gh: Gatehouse, kind: LinkKind, res: { status: number; headers: Headers; text: string }): string {
  assert.equal(res.status, 303, res.text);
  const location = res.headers.get('location') ?? '';
  const m = new RegExp(`^${escapeRe(gh.publicUrl)}self-service/${kind}/flows\\?id=([0-9a-f-]{36})$`).exec(location);
  assert.ok(m, `redirect to the flows endpoint, got ${location}`);
  return m[1] as string;
}

/** An identity with an email made through the admin API (no mail is sent for it). */
export async function createUser(gh: Gatehouse, email = freshEmail('Link'), state?: string): Promise<{ id: string; email: string }> {
  const identity = await createIdentity(gh, { traits: { email, name: { first: 'Ada', last: 'Lovelace' } }, ...(state ? { state } : {}) });
  return { id: identity.id, email };
}

export async function adminIdentity(gh: Gatehouse, id: string): Promise<IdentityBody> {
  const res = await request('GET', new URL(`identities/${id}`, gh.adminUrl));
  assert.equal(res.status, 200, res.text);
  return res.json as IdentityBody;
}

/** The verifiable address of `value` (exact, case preserved). */
export async function verifiableAddress(gh: Gatehouse, identityId: string, value: string): Promise<Address> {
  const identity = await adminIdentity(gh, identityId);
  const a = (identity.verifiable_addresses ?? []).find((x) => x.value === value);
  assert.ok(a, `a verifiable address ${value} in ${JSON.stringify(identity.verifiable_addresses)}`);
  return a;
}

/** `verified`, `status` and `verified_at` of an address (identity.md §6.1). */
export function assertAddressState(a: Address, state: 'pending' | 'sent' | 'completed', verifiedWithin?: { from: number; to: number }): void {
  assert.equal(a.via, 'email');
  assert.equal(a.status, state, `status of ${a.value}`);
  assert.equal(a.verified, state === 'completed', `verified of ${a.value}`);
  if (state !== 'completed') {
    assert.equal(a.verified_at, undefined, 'verified_at is omitted until verified');
    return;
  }
  const at = Date.parse(String(a.verified_at));
  assert.ok(!Number.isNaN(at), `verified_at ${String(a.verified_at)}`);
  if (verifiedWithin) {
    assert.ok(at >= verifiedWithin.from - 1000 && at <= verifiedWithin.to + 1000, `verified_at ${String(a.verified_at)} is the time of the click`);
  }
}
