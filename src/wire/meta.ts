/**
 * Health and version answers (spec api.md §13).
 *
 * @module
 */

/** `GET /health/alive`, `GET /health/ready` when ready. */
export type HealthStatus = {
  /** Always `ok`. */
  status: 'ok';
};

/** `GET /health/ready` answering 503. */
export type HealthNotReadyStatus = {
  /** What is not ready (`database`, `migrations`) and why; obfuscated on the public listener. */
  errors: Record<string, string>;
};

/** `GET /version` (admin listener). */
export type Version = {
  /** The Kratos API version implemented, e.g. `v0.8.2-alpha.1`. */
  version: string;
};
