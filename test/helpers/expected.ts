/** Wire values from the spec that several suites expect verbatim. */

/** The one `details` object every CSRF error carries on the wire (flows.md §7 note). */
export const CSRF_DETAILS = {
  docs: 'https://www.ory.sh/kratos/docs/debug/csrf',
  hint: 'The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).',
  reject_reason:
    'The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.',
};

/** The `error` object of a CSRF failure (api.md §1.3, flows.md §7). */
export const CSRF_ERROR = {
  id: 'security_csrf_violation',
  code: 403,
  status: 'Forbidden',
  reason:
    'The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.',
  details: CSRF_DETAILS,
  message: 'the request was rejected to protect you from Cross-Site-Request-Forgery',
};
