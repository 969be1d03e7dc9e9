/**
 * Shared pieces of the login/registration flow suites: the server configuration every suite
 * starts from, the expected UI nodes and messages (ui.md §5.2, §5.3, §7), and small API helpers.
 * Expectations are written from the spec, never read back from the server.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach } from 'node:test';
import { deepMerge, request, useGatehouse, type Dialect, type Gatehouse, type RawResponse } from '../helpers/server.js';

type Doc = Record<string, unknown>;


const NO_EGRESS = join(dirname(fileURLToPath(import.meta.url)), 'no-egress.mjs');

/** URLs of the base configuration of test/helpers/server.ts. */
export const RETURN_URL = 'http://127.0.0.1:4455/';
export const UI_URL = {
  login: 'http://127.0.0.1:4455/login',
  registration: 'http://127.0.0.1:4455/registration',
  error: 'http://127.0.0.1:4455/error',
} as const;

/** Fast hashing, no breach check (the breach suite turns it on against its stand-in). */
export const BASE_FLOW_CONFIG: Doc = {
  hashers: { algorithm: 'bcrypt', bcrypt: { cost: 4 } },
  selfservice: { methods: { password: { config: { haveibeenpwned_enabled: false } } } },
};

/** `selfservice.flows.registration.after.password.hooks: [session]`. */
export const SESSION_HOOK: Doc = {
  selfservice: { flows: { registration: { after: { password: { hooks: [{ hook: 'session' }] } } } } },
};

export const merge = (...docs: Doc[]): Doc => docs.reduce((acc, d) => deepMerge(acc, d), {});

/**
 * Starts a `--dev` Gatehouse for the enclosing suite with the flow base configuration plus
 * `config` (parts may be functions, called when the server starts); its child refuses (and
 * logs) any connection that would leave the machine, and every test checks that none was
 * attempted.
 */
export function useFlowServer(dialect: Dialect, ...config: (Doc | (() => Doc))[]): Gatehouse {
  const gh = useGatehouse({
    dialect,
    dev: true,
    // Resolved when the server starts, so a part may depend on an earlier `before` (link-support.ts).
    config: () => merge(BASE_FLOW_CONFIG, ...config.map((c) => (typeof c === 'function' ? c() : c))),
    env: { NODE_OPTIONS: `--import=${pathToFileURL(NO_EGRESS).href}` },
  });
  afterEach(() => assertNoEgress(gh));
  return gh;
}

export function assertNoEgress(gh: Gatehouse): void {
  const m = /GATEHOUSE-EGRESS \S+/.exec(gh.stderr());
  assert.equal(m, null, `the server tried to reach the outside world: ${m?.[0]}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `csrf_token_<sha256 hex of the public base URL>` (flows.md §7). */
export const csrfCookieName = (publicUrl: string) => `csrf_token_${createHash('sha256').update(publicUrl).digest('hex')}`;

/** A password that passes the policy (long, random, unrelated to any identifier). */
export const strongPassword = () => `Gh-${randomBytes(12).toString('hex')}!`;

let seq = 0;
/** A unique email address, with upper-case letters to exercise case-insensitive identifiers. */
export function freshEmail(prefix = 'Flow'): string {
  seq += 1;
  return `${prefix}.${process.pid}.${Date.now().toString(36)}.${seq}@Example.org`;
}

// ---------------------------------------------------------------------------------------------
// Wire types and expected values
// ---------------------------------------------------------------------------------------------

export interface UiText {
  id: number;
  text: string;
  type: string;
  context?: Record<string, unknown>;
}
export interface UiNode {
  type: string;
  group: string;
  attributes: { name?: string; value?: unknown; [k: string]: unknown };
  messages: UiText[];
  meta: { label?: UiText };
}
export interface FlowBody {
  id: string;
  type: 'api' | 'browser';
  expires_at: string;
  issued_at: string;
  request_url: string;
  return_to?: string;
  active?: string;
  refresh?: boolean;
  requested_aal?: string;
  ui: { action: string; method: string; nodes: UiNode[]; messages?: UiText[] };
}
export interface SessionBody {
  id: string;
  active: boolean;
  expires_at: string;
  authenticated_at: string;
  issued_at: string;
  authenticator_assurance_level: string;
  authentication_methods: { method: string; completed_at: string }[];
  identity: { id: string; traits: { email: string; name?: { first?: string; last?: string } } } & Record<string, unknown>;
}

export const info = (id: number, text: string, context?: Record<string, unknown>): UiText =>
  context === undefined ? { id, text, type: 'info' } : { id, text, type: 'info', context };
export const error = (id: number, text: string, context?: Record<string, unknown>): UiText =>
  context === undefined ? { id, text, type: 'error' } : { id, text, type: 'error', context };

/** Messages of ui.md §7, as the wire carries them (with or without `context`). */
export const MSG = {
  refresh: info(1010003, 'Please confirm this action by verifying that it is you.', {}),
  invalidCredentials: error(
    4000006,
    'The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.',
    {},
  ),
  missing: (property: string) => error(4000002, `Property ${property} is missing.`, { property }),
  policy: (reason: string) => error(4000005, `The password can not be used because ${reason}.`, { reason }),
  generic: (text: string) => error(4000001, text),
  duplicate: error(4000007, 'An account with the same identifier (email, phone, username, ...) exists already.', {}),
  notVerified: error(4000010, 'Account not active yet. Did you forget to verify your email address?'),
  noLoginStrategy: error(4010002, 'Could not find a strategy to log you in with. Did you fill out the form correctly?'),
  noRegistrationStrategy: error(4010003, 'Could not find a strategy to sign you up with. Did you fill out the form correctly?'),
};

export const REASON = {
  tooShort: (n: number) => `password length must be at least 8 characters but only got ${n}`,
  tooSimilar: 'the password is too similar to the user identifier',
  breached: 'the password has been found in data breaches and must no longer be used',
  loginAlready: 'A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?',
  registrationAlready: 'A valid session was detected and thus registration is not possible.',
  apiCookie:
    'The HTTP Request Header included the "Cookie" key, indicating that this request was made by a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.',
  apiOrigin:
    'The HTTP Request Header included the "Origin" key, indicating that this request was made as part of an AJAX request in a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.',
  flowMalformed: 'The flow query parameter is missing or malformed.',
  contentType: (ct: string) =>
    `HTTP POST Request used unknown HTTP Header "Content-Type: ${ct}", only [multipart/form-data application/x-www-form-urlencoded application/json] are supported.`,
  emptyBody: 'Unable to decode HTTP Request Body because its HTTP Header "Content-Length" is zero.',
  notAnObject: (gjsonType: string) => `Expected JSON sent in request body to be an object but got: ${gjsonType}`,
  csrf: 'The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.',
};

export { CSRF_DETAILS } from '../helpers/expected.js';

export interface InputOpts {
  value?: unknown;
  required?: boolean;
  label?: UiText;
  messages?: UiText[];
}

/** An input node with its attributes in wire order (ui.md §2.1). */
export function input(name: string, type: string, group: string, o: InputOpts = {}): UiNode {
  const attributes: Record<string, unknown> = { name, type };
  if (o.value !== undefined) attributes.value = o.value;
  if (o.required) attributes.required = true;
  attributes.disabled = false;
  attributes.node_type = 'input';
  return { type: 'input', group, attributes, messages: o.messages ?? [], meta: o.label ? { label: o.label } : {} };
}

const csrfNode = (csrf: string) => input('csrf_token', 'hidden', 'default', { value: csrf, required: true });

/** Login nodes for `requested_aal=aal1` with the password method (ui.md §5.2; no OIDC configured). */
export function loginNodes(o: { csrf: string; identifier?: string; messages?: Record<string, UiText[]> }): UiNode[] {
  const m = o.messages ?? {};
  return [
    csrfNode(o.csrf),
    input('password_identifier', 'text', 'password', {
      value: o.identifier ?? '',
      required: true,
      label: info(1070004, 'ID'),
      messages: m.password_identifier,
    }),
    input('password', 'password', 'password', { required: true, label: info(1070001, 'Password'), messages: m.password }),
    input('method', 'submit', 'password', { value: 'password', label: info(1010001, 'Sign in', {}) }),
  ];
}

/**
 * Registration nodes for the fixture schema (traits `email` (format email, required, title
 * "E-Mail"), `name.first`, `name.last`): schema order with `password` after the first path
 * (ui.md §5.1, §5.3).
 */
export function registrationNodes(o: {
  csrf: string;
  values?: { email?: string; first?: string; last?: string };
  messages?: Record<string, UiText[]>;
}): UiNode[] {
  const v = o.values ?? {};
  const m = o.messages ?? {};
  return [
    csrfNode(o.csrf),
    input('traits.email', 'email', 'password', {
      value: v.email,
      required: true,
      label: info(1070002, 'E-Mail'),
      messages: m['traits.email'],
    }),
    input('password', 'password', 'password', { required: true, label: info(1070001, 'Password'), messages: m.password }),
    input('traits.name.first', 'text', 'password', { value: v.first, label: info(1070002, 'First Name'), messages: m['traits.name.first'] }),
    input('traits.name.last', 'text', 'password', { value: v.last, label: info(1070002, 'Last Name'), messages: m['traits.name.last'] }),
    input('method', 'submit', 'password', { value: 'password', label: info(1040001, 'Sign up', {}) }),
  ];
}

/** Exact nodes, including the wire order of each node's attribute keys. */
export function assertNodes(actual: UiNode[], expected: UiNode[], what = 'ui.nodes'): void {
  assert.deepStrictEqual(actual, expected, what);
  actual.forEach((n, i) =>
    assert.deepStrictEqual(Object.keys(n.attributes), Object.keys(expected[i]?.attributes ?? {}), `${what}[${i}] attribute order`),
  );
}

export const csrfValue = (flow: FlowBody): string => {
  const v = flow.ui.nodes.find((n) => n.attributes.name === 'csrf_token')?.attributes.value;
  assert.equal(typeof v, 'string', 'the flow has a csrf_token node');
  return v as string;
};

export const nodeNamed = (flow: FlowBody, name: string): UiNode => {
  const n = flow.ui.nodes.find((x) => x.attributes.name === name);
  assert.ok(n, `node ${name} exists`);
  return n;
};

/** A masked form token (flows.md §7) unmasks to the 32-byte cookie token. */
export function unmask(formToken: string): Buffer {
  const buf = Buffer.from(formToken, 'base64');
  assert.equal(buf.length, 64, 'the form token is 64 bytes of standard base64');
  assert.equal(buf.toString('base64'), formToken, 'standard base64 with padding');
  const out = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) out[i] = (buf[i] as number) ^ (buf[32 + i] as number);
  return out;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const TOKEN_RE = /^[A-Za-z0-9]{32}$/;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** `<ui_url>?flow=<uuid>`: returns the flow id. */
export function flowIdFromLocation(location: string | undefined, uiUrl: string): string {
  assert.ok(location, 'a Location header');
  const u = new URL(location);
  assert.equal(`${u.origin}${u.pathname}`, uiUrl, `redirect target of ${location}`);
  assert.deepStrictEqual([...u.searchParams.keys()], ['flow'], `only ?flow= on ${location}`);
  const id = u.searchParams.get('flow') ?? '';
  assert.match(id, UUID_RE);
  return id;
}

/** `<error ui>?id=<uuid>` → the stored error (api.md §12), read over HTTP. */
export async function storedErrorAt(gh: Gatehouse, location: string | undefined): Promise<{ id: string; error: Record<string, unknown> }> {
  assert.ok(location, 'a Location header');
  const u = new URL(location);
  assert.equal(`${u.origin}${u.pathname}`, UI_URL.error, `redirect target of ${location}`);
  const id = u.searchParams.get('id') ?? '';
  assert.match(id, UUID_RE);
  const res = await request('GET', new URL(`self-service/errors?id=${id}`, gh.publicUrl));
  assert.equal(res.status, 200, res.text);
  return res.json as { id: string; error: Record<string, unknown> };
}

// ---------------------------------------------------------------------------------------------
// API-flow helpers (plain JSON over HTTP, no cookies, no Origin)
// ---------------------------------------------------------------------------------------------

export const jsonPost = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> =>
  request('POST', url, { headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(body) });

export async function initApi(gh: Gatehouse, kind: 'login' | 'registration', query = '', headers: Record<string, string> = {}): Promise<FlowBody> {
  const res = await request('GET', new URL(`self-service/${kind}/api${query}`, gh.publicUrl), { headers });
  assert.equal(res.status, 200, res.text);
  return res.json as FlowBody;
}

export interface Registered {
  email: string;
  password: string;
  identityId: string;
  /** Set when the `session` hook ran. */
  token?: string;
  session?: SessionBody;
}

/** Registers through an API flow; fails unless it answers 200. */
export async function registerApi(gh: Gatehouse, email = freshEmail(), password = strongPassword()): Promise<Registered> {
  const flow = await initApi(gh, 'registration');
  const res = await jsonPost(flow.ui.action, { method: 'password', password, traits: { email, name: { first: 'Ada', last: 'Lovelace' } } });
  assert.equal(res.status, 200, res.text);
  const body = res.json as { identity: { id: string }; session?: SessionBody; session_token?: string };
  return { email, password, identityId: body.identity.id, token: body.session_token, session: body.session };
}

/** Logs in through an API flow; fails unless it answers 200. */
export async function loginApi(gh: Gatehouse, identifier: string, password: string): Promise<{ token: string; session: SessionBody }> {
  const flow = await initApi(gh, 'login');
  const res = await jsonPost(flow.ui.action, { method: 'password', password_identifier: identifier, password });
  assert.equal(res.status, 200, res.text);
  const body = res.json as { session_token: string; session: SessionBody };
  return { token: body.session_token, session: body.session };
}

export async function whoami(gh: Gatehouse, headers: Record<string, string>): Promise<RawResponse> {
  return request('GET', new URL('sessions/whoami', gh.publicUrl), { headers });
}
