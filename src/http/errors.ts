import type { GenericError, JsonError } from '../wire/error.js';

/**
 * The one error type of Gatehouse. It mirrors the Kratos/herodot error envelope
 * `{"error":{id,code,status,request,reason,debug,details,message}}` (api.md §1.2).
 */
export const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const DEFAULT_MESSAGE: Record<number, string> = {
  400: 'The request was malformed or contained invalid parameters',
  401: 'The request could not be authorized',
  403: 'The requested action was forbidden',
  404: 'The requested resource could not be found',
  409: 'Unable to insert or update resource because a resource with that value exists already',
  410: 'The requested resource is no longer available because it has expired or is otherwise invalid.',
  413: 'The request body is too large',
  415: 'The request is using an unknown content type',
  500: 'An internal server error occurred, please contact the system administrator',
  503: 'The service is currently unavailable',
};

export interface ErrorFields {
  id?: string;
  reason?: string;
  debug?: string;
  details?: Record<string, unknown>;
  message?: string;
  /** Body `code` when it differs from the HTTP status (upstream quirk, api.md §1.2 note). */
  bodyCode?: number;
  /** Fields written next to `error` in the envelope (e.g. `redirect_browser_to`). */
  extra?: Record<string, unknown>;
  /** When true, `error.request` is never filled in (special envelopes). */
  noRequestId?: boolean;
}

export class GatehouseError extends Error {
  readonly status: number;
  readonly fields: ErrorFields;

  constructor(status: number, fields: ErrorFields = {}) {
    super(fields.message ?? DEFAULT_MESSAGE[status] ?? STATUS_TEXT[status] ?? 'error');
    this.name = 'GatehouseError';
    this.status = status;
    this.fields = fields;
  }

  with(fields: ErrorFields): GatehouseError {
    return new GatehouseError(this.status, { ...this.fields, ...fields });
  }

  /** The object rendered under `error` (also what the error UI store keeps). */
  toErrorObject(requestId?: string): GenericError {
    const f = this.fields;
    const code = f.bodyCode ?? this.status;
    return {
      ...(f.id ? { id: f.id } : {}),
      code,
      status: STATUS_TEXT[code] ?? String(code),
      ...(requestId && !f.noRequestId ? { request: requestId } : {}),
      ...(f.reason ? { reason: f.reason } : {}),
      ...(f.debug ? { debug: f.debug } : {}),
      ...(f.details && Object.keys(f.details).length > 0 ? { details: f.details } : {}),
      message: this.message,
    };
  }

  /** The envelope: `error` plus the special fields (`use_flow_id`, `redirect_browser_to`, …). */
  toEnvelope(requestId?: string): JsonError {
    return { error: this.toErrorObject(requestId), ...(this.fields.extra ?? {}) };
  }
}

export const badRequest = (reason?: string, f: ErrorFields = {}) => new GatehouseError(400, { reason, ...f });
export const unauthorized = (reason?: string, f: ErrorFields = {}) => new GatehouseError(401, { reason, ...f });
export const forbidden = (reason?: string, f: ErrorFields = {}) => new GatehouseError(403, { reason, ...f });
export const notFound = (reason?: string, f: ErrorFields = {}) =>
  new GatehouseError(404, { reason, message: 'Unable to locate the resource', ...f });
export const conflict = (reason?: string, f: ErrorFields = {}) => new GatehouseError(409, { reason, ...f });
export const gone = (reason?: string, f: ErrorFields = {}) => new GatehouseError(410, { reason, ...f });
export const internal = (reason?: string, f: ErrorFields = {}) => new GatehouseError(500, { reason, ...f });
export const unavailable = (reason?: string, f: ErrorFields = {}) => new GatehouseError(503, { reason, ...f });

/** Wraps anything thrown into a GatehouseError without leaking stacks. */
export function toGatehouseError(err: unknown): GatehouseError {
  if (err instanceof GatehouseError) return err;
  return internal();
}
