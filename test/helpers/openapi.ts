/**
 * The upstream OpenAPI document of Kratos v0.8.2-alpha.1 as a test oracle: every JSON body a
 * conformance test receives is validated against the response schema of its operation.
 *
 * The document is read from `../shared/reference/` (never copied into the repository). Where it
 * disagrees with the behaviour spec (`../shared/spec/`), the spec wins; each such adjustment is
 * made in code below, with the reason, and never in the file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default` (see src/config/validate.ts).
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OPENAPI_PATH = resolve(REPO_ROOT, '../shared/reference/kratos-v0.8.2-alpha.1-api.json');

type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: Schema }>; $ref?: string }>;
}
interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const DOC_ID = 'kratos-v0.8.2-alpha.1-api.json';

/** The untouched document. */
export function loadOpenApi(): OpenApiDoc {
  return JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as OpenApiDoc;
}

/** The whoami 401 envelope, verbatim from api.md §8.1 (no `id` in this version). */
export const UNAUTHORIZED = {
  error: {
    code: 401,
    status: 'Unauthorized',
    reason: 'No valid session cookie found.',
    message: 'The request could not be authorized',
  },
};

const ERROR_FIELDS = ['id', 'code', 'status', 'request', 'reason', 'debug', 'details', 'message'];

/** Applies the spec's corrections to the document's component schemas (each one says why). */
function applySpecDeviations(doc: OpenApiDoc): void {
  const s = doc.components.schemas;
  const props = (name: string) => (s[name] as { properties: Record<string, Schema> }).properties;
  const req = (name: string, fields: string[]) => {
    const sch = s[name] as { required?: string[] };
    sch.required = [...new Set([...(sch.required ?? []), ...fields])];
  };
  const closed = (name: string) => {
    (s[name] as Schema).additionalProperties = false;
  };

  // api.md §1.2: `details` is a free object (e.g. the CSRF error's docs/hint/reject_reason, the AAL
  // error's redirect_browser_to); the document says `additionalProperties: false`, which would
  // reject every non-empty details. The envelope has exactly the eight listed fields, though.
  props('genericError').details = { type: 'object' };
  // `value` is `{"nullable": true}` without a type, which Ajv refuses to compile; any JSON
  // value is allowed there (strings, numbers, booleans of trait inputs).
  props('uiNodeInputAttributes').value = {};
  closed('genericError');
  assert.deepEqual(Object.keys(props('genericError')).sort(), [...ERROR_FIELDS].sort());

  // identity.md §3: credential types include lookup_secret and webauthn; the enum lacks them.
  (s.identityCredentialsType as { enum: string[] }).enum = ['password', 'oidc', 'totp', 'lookup_secret', 'webauthn'];
  // session.md §1 note: the server emits lookup_secret and v0.6_legacy_session; the enum lacks them.
  props('sessionAuthenticationMethod').method = {
    type: 'string',
    enum: ['password', 'oidc', 'totp', 'lookup_secret', 'webauthn', 'link_recovery', 'v0.6_legacy_session'],
  };

  // identity.md §1: `state`, `created_at`, `updated_at` are always present, and there are no other
  // fields (no metadata_public/metadata_admin in this version). `state_changed_at` and the
  // address lists are omitted when empty (not `null`), which the document allows already.
  req('identity', ['state', 'created_at', 'updated_at']);
  closed('identity');
  closed('identityCredentials');
  req('identityCredentials', ['type', 'identifiers', 'created_at', 'updated_at']);
  // identity.md §6: the only address type is email; statuses are pending/sent/completed.
  props('verifiableIdentityAddress').via = { type: 'string', enum: ['email'] };
  props('verifiableIdentityAddress').status = { type: 'string', enum: ['pending', 'sent', 'completed'] };
  req('verifiableIdentityAddress', ['created_at', 'updated_at']);
  closed('verifiableIdentityAddress');
  props('RecoveryAddress').via = { type: 'string', enum: ['email'] };
  req('RecoveryAddress', ['created_at', 'updated_at']);
  closed('RecoveryAddress');

  // session.md §1: all fields always present; never a token, `devices`, `created_at` … on the wire.
  // (`identity` is `null` only in login responses of §5.4, which these suites do not cover.)
  req('session', [
    'id',
    'active',
    'expires_at',
    'authenticated_at',
    'issued_at',
    'authenticator_assurance_level',
    'authentication_methods',
    'identity',
  ]);
  closed('session');

  // api.md §12: `error` is the stored error object with the envelope's fields.
  props('selfServiceError').error = { $ref: '#/components/schemas/genericError' };
  req('selfServiceError', ['error', 'created_at', 'updated_at']);
  closed('selfServiceError');

  // api.md §11.1: each entry has both fields. (Upstream answers `null` for a page past the end;
  // Gatehouse deliberately answers `[]`, which this array schema accepts, so nothing to relax.)
  req('identitySchema', ['id', 'schema']);
  closed('identitySchema');
}

/**
 * Statuses the spec documents for an operation but the OpenAPI document does not list. They
 * are all error envelopes (`jsonError`).
 */
const EXTRA_ERROR_STATUSES: Record<string, number[]> = {
  // api.md §9.3: a bad `include_credential` value answers 400.
  adminGetIdentity: [400],
  // api.md §9.2/§9.4: strict JSON bodies; Gatehouse answers foreign media types with 415 and
  // bodies over 1 MiB with 413 (both outside upstream's document).
  adminCreateIdentity: [413, 415],
  adminUpdateIdentity: [413, 415],
};

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? DOC_ID + v : rewriteRefs(v);
    }
    return out;
  }
  return node;
}

// README "Conventions used on the wire": RFC 3339 in UTC with `Z`, trailing zeros of the
// fraction dropped (Go encoding). Stricter than ajv-formats' date-time, on purpose.
const GO_UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d*[1-9])?Z$/;
// README: ids are random v4 UUIDs, lower-case. The document's `uuid4` is not a JSON Schema format.
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Oracle {
  doc: OpenApiDoc;
  operations: Map<string, Operation>;
  ajv: Ajv;
  cache: Map<string, ValidateFunction>;
}

let oracle: Oracle | undefined;

function getOracle(): Oracle {
  if (oracle) return oracle;
  const doc = loadOpenApi();
  applySpecDeviations(doc);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('date-time', GO_UTC_TIME);
  ajv.addFormat('uuid4', UUID_V4);
  ajv.addSchema({ $id: DOC_ID, components: doc.components });
  const operations = new Map<string, Operation>();
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) if (op.operationId) operations.set(op.operationId, op);
  }
  oracle = { doc, operations, ajv, cache: new Map() };
  return oracle;
}

function validatorFor(o: Oracle, key: string, schema: Schema): ValidateFunction {
  let v = o.cache.get(key);
  if (!v) {
    v = o.ajv.compile(rewriteRefs(schema) as Schema);
    o.cache.set(key, v);
  }
  return v;
}

function fail(what: string, v: ValidateFunction, body: unknown): never {
  const errors = (v.errors ?? []).map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  assert.fail(`${what} does not match the OpenAPI schema:\n${errors.join('\n')}\nbody: ${JSON.stringify(body, null, 2)}`);
}

/** The operation's JSON response schema for `status` (with the spec's extra error statuses). */
export function responseSchema(operationId: string, status: number): Schema | null {
  const o = getOracle();
  const op = o.operations.get(operationId);
  assert.ok(op, `unknown operationId ${operationId}`);
  const r = op.responses[String(status)];
  if (r) return r.content?.['application/json']?.schema ?? null;
  if (EXTRA_ERROR_STATUSES[operationId]?.includes(status)) return { $ref: '#/components/schemas/jsonError' };
  assert.fail(`status ${status} is not a documented response of ${operationId}`);
}

/**
 * Validates a JSON body against the response schema of `operationId` for `status`. Fails when
 * the status is not a documented answer of the operation, or when the operation documents no
 * body for it but one was sent.
 */
export function assertMatchesOperation(operationId: string, status: number, body: unknown): void {
  const schema = responseSchema(operationId, status);
  if (schema === null) {
    assert.ok(body === '' || body === undefined, `${operationId} ${status} documents no body but got ${JSON.stringify(body)}`);
    return;
  }
  const v = validatorFor(getOracle(), `${operationId} ${status}`, schema);
  if (!v(body)) fail(`${operationId} ${status}`, v, body);
  // A 400 can carry a flow instead of an envelope (api.md §1.4).
  if (status >= 400 && (schema as { $ref?: string }).$ref === '#/components/schemas/jsonError') assertEnvelopeCode(status, body);
}

/** `error.code` equals the HTTP status (api.md §1.2), except where the spec notes otherwise. */
function assertEnvelopeCode(status: number, body: unknown, bodyCode = status): void {
  const err = (body as { error?: { code?: number; status?: string } }).error;
  assert.ok(err, 'error envelope without `error`');
  assert.equal(err.code, bodyCode, `error.code should be ${bodyCode}: ${JSON.stringify(body)}`);
}

/**
 * Validates a generic error envelope (`jsonError`) with the given HTTP status, for answers the
 * document does not list per operation (bad-input cases). `bodyCode` is the expected
 * `error.code` where the spec notes it differs from the HTTP status (api.md §1.2 note).
 */
export function assertErrorEnvelope(status: number, body: unknown, bodyCode = status): void {
  const v = validatorFor(getOracle(), 'jsonError', { $ref: '#/components/schemas/jsonError' });
  if (!v(body)) fail(`error envelope (${status})`, v, body);
  assertEnvelopeCode(status, body, bodyCode);
}

/** Validates `value` against a component schema by name (after the spec adjustments). */
export function assertMatchesComponent(name: string, value: unknown): void {
  const v = validatorFor(getOracle(), `component ${name}`, { $ref: `#/components/schemas/${name}` });
  if (!v(value)) fail(`component ${name}`, v, value);
}

/** V8 stack frames, also JSON-escaped, or a `stack` property. */
const STACK_IN_BODY = /(?:\\n|\n)\s*at \S[^\n]*?:\d+:\d+|"stack"\s*:/;

/**
 * A complete error answer: the expected HTTP status, a JSON content type, a valid `jsonError`
 * envelope whose `code` is `bodyCode`, and no stack trace anywhere in the body.
 */
export function assertErrorResponse(
  res: { status: number; headers: Headers; text: string; json: unknown },
  status: number,
  bodyCode = status,
): void {
  assert.equal(res.status, status, `expected HTTP ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json\b/, `content type of ${res.text.slice(0, 200)}`);
  assert.doesNotMatch(res.text, STACK_IN_BODY, 'the body leaks a stack trace');
  assertErrorEnvelope(status, res.json, bodyCode);
}
