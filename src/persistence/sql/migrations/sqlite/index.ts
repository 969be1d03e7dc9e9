import type { Migration } from '../migration.js';
import { identities } from './20251126000001_identities.js';
import { sessions } from './20251126000002_sessions.js';
import { selfserviceFlows } from './20251126000003_selfservice_flows.js';
import { courierErrorsContinuity } from './20251126000004_courier_errors_continuity.js';
import { flowCsrfInternalContext } from './20251126143700_flow_csrf_internal_context.js';
import { courierDelivery } from './20261126170000_courier_delivery.js';

/** SQLite migrations, in application order. */
export const sqliteMigrations: readonly Migration[] = [
  identities,
  sessions,
  selfserviceFlows,
  courierErrorsContinuity,
  flowCsrfInternalContext,
  courierDelivery,
];
