import type { Migration } from '../migration.js';

/**
 * Gatehouse additions for safe delivery (courier.md §2 notes): a claim (token + time) so that a
 * message left in `processing` by a dead worker is reclaimed after a lease and a late update of a
 * lost claim changes nothing; a per-message failure count, retry time and last error so a message
 * the server refuses is retried later without holding up the rest of the queue.
 */
export const courierDelivery: Migration = {
  name: '20261126170000_courier_delivery',
  statements: [
    'ALTER TABLE courier_messages ADD COLUMN claim_token uuid',
    'ALTER TABLE courier_messages ADD COLUMN claimed_at timestamptz',
    'ALTER TABLE courier_messages ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0',
    'ALTER TABLE courier_messages ADD COLUMN next_attempt_at timestamptz',
    'ALTER TABLE courier_messages ADD COLUMN last_error text',
  ],
};
