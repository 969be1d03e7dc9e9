/** Storage of the courier's outbox (courier.md §2), as the domain sees it. */
import type { CourierMessage, MessageStatus } from './message.js';

/** A message as the delivery loop sees it after claiming it. */
export interface ClaimedMessage extends CourierMessage {
  /** Sends of this message the SMTP server refused so far (connection failures do not count). */
  failedAttempts: number;
}

/** A batch taken off the queue by one worker; the token proves the claim on later updates. */
export interface Claim {
  readonly token: string;
  /** Oldest first (`created_at` ascending). */
  readonly messages: readonly ClaimedMessage[];
}

/** A stored message with its delivery bookkeeping (operators and tests; there is no HTTP API). */
export interface StoredCourierMessage extends ClaimedMessage {
  /** While queued: not claimed before this time (a deferred, refused message). */
  nextAttemptAt: Date | null;
  /** When the current (or last) claim was taken. */
  claimedAt: Date | null;
  /** The last delivery error of this message, if any. */
  lastError: string | null;
}

export interface ClaimOptions {
  /** At most this many messages (upstream: 10). */
  limit: number;
  /**
   * A message left in `processing` for longer than this (its worker died) is claimed again.
   * Must exceed the longest a single send can take; the worker renews its claim before each send.
   */
  leaseMs: number;
}

export interface CourierPersister {
  /** Stores a new message (status as given, normally queued). */
  enqueue(msg: CourierMessage): Promise<void>;
  /**
   * Atomically moves up to `limit` deliverable messages of this network to `processing` and
   * returns them: queued ones whose retry time has come, and processing ones whose lease ran out.
   * Two workers never receive the same message from overlapping claims.
   */
  claim(opts: ClaimOptions): Promise<Claim>;
  /**
   * Refreshes the claim time of one claimed message just before it is sent, so a long batch does
   * not outlive its lease. False when the claim was lost (the message was reclaimed or settled).
   */
  renew(token: string, id: string): Promise<boolean>;
  /** Sets a claimed message to `sent`. False when the claim was lost. */
  markSent(token: string, id: string): Promise<boolean>;
  /** Puts claimed messages back to `queued` unchanged (the batch failed for a reason not theirs). */
  release(token: string, ids: readonly string[]): Promise<void>;
  /**
   * Puts one claimed message back to `queued` after the server refused it: counts the failure,
   * records the error and holds the message back until `retryAt` so the rest of the queue proceeds.
   */
  defer(token: string, id: string, retryAt: Date, error: string): Promise<void>;
  /** Number of messages of this network per status. */
  countByStatus(): Promise<Record<keyof typeof MessageStatus, number>>;
  /** Every message of this network, oldest first. */
  list(): Promise<StoredCourierMessage[]>;
}
