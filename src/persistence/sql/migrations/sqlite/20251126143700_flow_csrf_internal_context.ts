import type { Migration } from '../migration.js';

/**
 * Gatehouse additions so every flow kind keeps its domain fields: a CSRF token on settings flows
 * (upstream has none) and an internal context on recovery and verification flows.
 */
export const flowCsrfInternalContext: Migration = {
  name: '20251126143700_flow_csrf_internal_context',
  statements: [
    "ALTER TABLE selfservice_settings_flows ADD COLUMN csrf_token TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE selfservice_recovery_flows ADD COLUMN internal_context TEXT NOT NULL DEFAULT '{}'",
    "ALTER TABLE selfservice_verification_flows ADD COLUMN internal_context TEXT NOT NULL DEFAULT '{}'",
  ],
};
