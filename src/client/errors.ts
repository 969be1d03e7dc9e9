/**
 * The one error class of the client. Every answer that is not a 2xx (and every redirect the client
 * does not follow) rejects with a {@link GatehouseApiError}.
 *
 * @module
 */
import type { GenericError, IdentityTraits, SelfServiceFlow, UiText } from '../wire/index.js';
import type { HeadersLike } from './fetch.js';
import type { FlowOfOperation, OperationId } from './operation.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A body is a flow when it has an id and a `ui` container with nodes (api.md §1.4). */
function flowIn(body: unknown): SelfServiceFlow | undefined {
  if (!isRecord(body) || typeof body.id !== 'string' || !isRecord(body.ui) || !Array.isArray(body.ui.nodes)) return undefined;
  return body as SelfServiceFlow;
}

function errorIn(body: unknown): GenericError | undefined {
  if (!isRecord(body) || !isRecord(body.error) || typeof body.error.message !== 'string') return undefined;
  return body.error as GenericError;
}

function describe(operation: string, status: number, error: GenericError | undefined, flow: unknown, redirectTo: string | undefined): string {
  if (status >= 200 && status < 300) return `${operation}: ${status} with a body that is not valid JSON`;
  if (status >= 300 && status < 400) return `${operation}: redirect ${status} to ${redirectTo ?? '(unknown location)'}`;
  if (status === 0) return `${operation}: the runtime hid a redirect (opaque redirect)`;
  if (error) return `${operation}: ${status} ${error.message}${error.reason ? ` (${error.reason})` : ''}`;
  if (flow) return `${operation}: ${status} the flow has errors`;
  return `${operation}: ${status}`;
}

/** What the transport knows about a failed call. */
export interface GatehouseApiErrorInit {
  /** The operation id. */
  operation: OperationId;
  /** HTTP status (`0` for a redirect a browser hid). */
  status: number;
  /** Response headers. */
  headers: HeadersLike;
  /** Parsed JSON body, the text when it is not JSON, `undefined` when empty. */
  body: unknown;
}

/**
 * A failed call: a 4xx/5xx answer, or a redirect of a browser endpoint.
 *
 * - `error` is set for error envelopes (`id`, `code`, `reason`, `message`, `details` …);
 *   `useFlowId` and `redirectBrowserTo` expose the special envelopes' extra fields.
 * - `flow` is set when the body is a flow: a 400 validation answer whose `ui.messages` and
 *   node messages say what to fix (see {@link messages}).
 * - `redirectTo` is the `Location` of a 3xx that was not followed.
 *
 * `TFlow` narrows `flow` to the flow of one operation; use {@link isGatehouseApiError} with an
 * operation id to get it.
 */
export class GatehouseApiError<TFlow = SelfServiceFlow> extends Error {
  override readonly name = 'GatehouseApiError';
  /** The operation id of the failed call, e.g. `submitSelfServiceLoginFlow`. */
  readonly operation: OperationId;
  /** HTTP status; `0` when a browser hid a redirect (`redirect: 'manual'`). */
  readonly status: number;
  /** Response headers. */
  readonly headers: HeadersLike;
  /** The parsed body (JSON), its text when not JSON, or `undefined` when empty. */
  readonly body: unknown;
  /** The envelope's `error` object, when the body is an error envelope. */
  readonly error: GenericError | undefined;
  /** The flow, when the body is a flow (validation errors). */
  readonly flow: TFlow | undefined;
  /** `Location` of a redirect that was not followed. */
  readonly redirectTo: string | undefined;

  constructor(init: GatehouseApiErrorInit) {
    const error = errorIn(init.body);
    const flow = error ? undefined : flowIn(init.body);
    const location = init.headers.get('location') ?? undefined;
    const redirectTo = init.status >= 300 && init.status < 400 ? location : undefined;
    super(describe(init.operation, init.status, error, flow, redirectTo));
    this.operation = init.operation;
    this.status = init.status;
    this.headers = init.headers;
    this.body = init.body;
    this.error = error;
    this.flow = flow as TFlow | undefined;
    this.redirectTo = redirectTo;
  }

  /** `error.id`, e.g. `session_already_available`; `undefined` when the error has none. */
  get id(): string | undefined {
    return this.error?.id;
  }

  /** `error.reason`. */
  get reason(): string | undefined {
    return this.error?.reason;
  }

  /** Whether this is a redirect the client did not follow (including one the browser hid). */
  get isRedirect(): boolean {
    return this.status === 0 || (this.status >= 300 && this.status < 400);
  }

  /**
   * The id of the flow that replaced an expired one: `use_flow_id` of a 410, or the `id` of a
   * redirect to `…/self-service/<flow>/flows?id=<new id>` (expired recovery/verification flows).
   */
  get useFlowId(): string | undefined {
    if (isRecord(this.body) && typeof this.body.use_flow_id === 'string') return this.body.use_flow_id;
    if (!this.redirectTo) return undefined;
    try {
      const url = new URL(this.redirectTo, 'http://relative.invalid');
      return /\/self-service\/[a-z]+\/flows$/.test(url.pathname) ? (url.searchParams.get('id') ?? undefined) : undefined;
    } catch {
      return undefined;
    }
  }

  /** `redirect_browser_to` of a 422 (social sign-in), 403 refresh-required or 403 AAL2-required envelope. */
  get redirectBrowserTo(): string | undefined {
    return isRecord(this.body) && typeof this.body.redirect_browser_to === 'string' ? this.body.redirect_browser_to : undefined;
  }

  /** Every message of the flow: `ui.messages` first, then each node's messages in node order. */
  get messages(): UiText[] {
    const flow = this.flow as SelfServiceFlow | undefined;
    if (!flow) return [];
    return [...(flow.ui.messages ?? []), ...flow.ui.nodes.flatMap((n) => n.messages)];
  }

  /** Axios-style view (`err.response.status`, `err.response.data`) for code ported from the SDK. */
  get response(): { status: number; data: unknown; headers: HeadersLike } {
    return { status: this.status, data: this.body, headers: this.headers };
  }
}

/**
 * Whether `e` is a {@link GatehouseApiError}, optionally of one operation, which types its `flow`:
 *
 * ```ts
 * catch (e) {
 *   if (isGatehouseApiError(e, 'submitSelfServiceLoginFlow') && e.flow) render(e.flow); // SelfServiceLoginFlow
 * }
 * ```
 */
export function isGatehouseApiError<O extends OperationId, TTraits = IdentityTraits>(
  e: unknown,
  operation?: O,
): e is GatehouseApiError<FlowOfOperation<O, TTraits>> {
  return e instanceof GatehouseApiError && (operation === undefined || e.operation === operation);
}
