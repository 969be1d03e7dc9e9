/**
 * Error bodies (spec api.md §1.2–§1.3, §12): the envelope `{"error":{…}}`, the special
 * envelopes that carry extra fields next to `error`, stored self-service errors and the
 * not-ready health answer.
 *
 * @module
 */

/** Stable machine ids of errors (api.md §1.3). Other strings may appear. */
export type ErrorId =
  | 'session_already_available'
  | 'session_aal1_required'
  | 'session_aal2_required'
  | 'session_refresh_required'
  | 'session_inactive'
  | 'self_service_flow_expired'
  | 'self_service_flow_return_to_forbidden'
  | 'browser_location_change_required'
  | 'security_csrf_violation'
  | 'security_identity_mismatch'
  | 'session_verified_address_required'
  | 'session_aal_already_fulfilled'
  | (string & {});

/** The object under `error` in every error envelope. */
export type GenericError = {
  /** Stable machine id, when the error has one. */
  id?: ErrorId;
  /** HTTP status code (upstream sometimes writes 500 here for a 400 answer). */
  code?: number;
  /** HTTP status text, e.g. `Bad Request`. */
  status?: string;
  /** Echo of the request's `X-Request-ID` header. */
  request?: string;
  /** Human explanation. */
  reason?: string;
  /** Extra debugging text. */
  debug?: string;
  /** Free-form details, e.g. `redirect_to` or `api` on an expired flow. */
  details?: Record<string, unknown>;
  /** Short error text; always present. */
  message: string;
};

/** The plain error envelope. */
export type JsonError = {
  /** The error. */
  error: GenericError;
};

/** 410 on submitting an expired flow: a replacement flow already exists. */
export type SelfServiceFlowExpiredError = JsonError & {
  /** Nanoseconds since the flow expired. */
  since: number;
  /** Id of the new flow (it carries an "expired" message); fetch and show it. */
  use_flow_id: string;
};

/**
 * 422 `browser_location_change_required` (AJAX submit of a social sign-in), 403
 * `session_refresh_required` and 403 `session_aal2_required`: send the browser to
 * `redirect_browser_to`.
 */
export type SelfServiceBrowserLocationChangeRequiredError = JsonError & {
  /** Where to send the browser. */
  redirect_browser_to: string;
};

/** Any error envelope the server writes. */
export type ErrorEnvelope = JsonError | SelfServiceFlowExpiredError | SelfServiceBrowserLocationChangeRequiredError;

/** A stored user-facing error (`GET /self-service/errors?id=`). */
export type SelfServiceError = {
  /** Error id (UUID), from `?id=` of the error UI URL. */
  id: string;
  /** The error, same fields as inside an envelope. */
  error: GenericError;
  /** RFC 3339 time. */
  created_at: string;
  /** RFC 3339 time. */
  updated_at: string;
};
