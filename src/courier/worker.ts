/** The delivery loop (courier.md §2): claim a batch, send it message by message, repeat. */
import { parseDuration } from '../x/duration.js';
import type { Clock } from '../x/time.js';
import { Backoff, DEFAULT_BACKOFF, backoffDelay } from './backoff.js';
import type { BackoffPolicy } from './backoff.js';
import type { EmailTemplates } from './templates.js';
import type { ClaimedMessage, CourierPersister } from './persister.js';
import { describeSmtpError, isMessageRejection, sendMail } from './smtp.js';
import type { OutgoingMail, SmtpSettings } from './smtp.js';

/** The pino methods the loop logs with. */
export interface WorkerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface WorkerOptions {
  /** Messages per claim (upstream: 10). */
  batchSize: number;
  /** Pause after a dispatch that found the queue drained (upstream: 1 s). */
  pollIntervalMs: number;
  /** A claim older than this is taken over (the worker holding it died). */
  leaseMs: number;
  /** Delays after failed dispatches, and of a refused message's next attempt. */
  backoff: BackoffPolicy;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  batchSize: 10,
  pollIntervalMs: 1000,
  // Far above one send's worst case (10 s dial + 10 s greeting + 60 s per stalled command).
  leaseMs: 10 * 60_000,
  backoff: DEFAULT_BACKOFF,
};

/**
 * Gatehouse-only knobs for tests and operators, read from the environment by the CLI:
 * `GATEHOUSE_COURIER_RETRY_MAX_INTERVAL` (back-off cap, default 60s),
 * `GATEHOUSE_COURIER_LEASE` (processing lease, default 10m) and
 * `GATEHOUSE_COURIER_POLL_INTERVAL` (pause between dispatches of an idle queue, default 1s),
 * all Go durations.
 */
export function workerOptionsFromEnv(env: NodeJS.ProcessEnv): Partial<WorkerOptions> {
  const read = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const ms = parseDuration(v);
    if (ms === null || ms <= 0) throw new Error(`${name}: must be a positive duration like 30s or 10m, got "${v}"`);
    return ms;
  };
  const out: Partial<WorkerOptions> = {};
  const maxMs = read('GATEHOUSE_COURIER_RETRY_MAX_INTERVAL');
  if (maxMs !== undefined) out.backoff = { ...DEFAULT_BACKOFF, maxMs, initialMs: Math.min(DEFAULT_BACKOFF.initialMs, maxMs) };
  const leaseMs = read('GATEHOUSE_COURIER_LEASE');
  if (leaseMs !== undefined) out.leaseMs = leaseMs;
  const pollMs = read('GATEHOUSE_COURIER_POLL_INTERVAL');
  if (pollMs !== undefined) out.pollIntervalMs = pollMs;
  return out;
}

export interface WorkerDeps {
  persister: CourierPersister;
  templates: Pick<EmailTemplates, 'renderHtml'>;
  clock: Clock;
  logger: WorkerLogger;
  smtp: () => SmtpSettings;
  /** Hands one mail to the server; the real SMTP client unless a test substitutes it. */
  send?: (settings: SmtpSettings, mail: OutgoingMail) => Promise<void>;
}

/** How a dispatch ended: `idle` (nothing queued), `drained`/`more` after sending, `failed`. */
export type DispatchOutcome = 'idle' | 'drained' | 'more' | 'failed';

/**
 * One line for the log, never a stack. Database errors arrive mapped to a generic 500 whose
 * driver message sits in `debug` (or `cause`); that is the useful part here.
 */
function describeError(err: unknown): string {
  const debug = (err as { fields?: { debug?: unknown } } | null)?.fields?.debug;
  if (typeof debug === 'string' && debug) return debug;
  const cause = (err as { cause?: unknown } | null)?.cause;
  if (cause instanceof Error) return cause.message;
  return describeSmtpError(err);
}

/** Upstream exits after 15 minutes of failures; Gatehouse keeps going and says so once. */
const LONG_OUTAGE_MS = 15 * 60_000;

/**
 * Runs dispatches until stopped. It never throws and never ends the process: a failed dispatch
 * (SMTP or database unreachable, no SMTP URL) puts the rest of the batch back and backs off; a
 * message the server refuses is held back on its own schedule while the others proceed.
 */
export class CourierWorker {
  readonly #deps: WorkerDeps;
  readonly #opts: WorkerOptions;
  readonly #backoff: Backoff;
  #loop: Promise<void> | null = null;
  #stopping = false;
  #wake: (() => void) | null = null;
  #warnedLongOutage = false;

  constructor(deps: WorkerDeps, options: Partial<WorkerOptions> = {}) {
    this.#deps = deps;
    this.#opts = { ...DEFAULT_WORKER_OPTIONS, ...options };
    this.#backoff = new Backoff(this.#opts.backoff);
  }

  get running(): boolean {
    return this.#loop !== null && !this.#stopping;
  }

  start(): void {
    if (this.#loop) return;
    this.#stopping = false;
    this.#loop = this.#run();
  }

  /** Ends the loop after the message being sent (if any); the rest of its batch is put back. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
    this.#loop = null;
  }

  async #run(): Promise<void> {
    const { logger, clock } = this.#deps;
    while (!this.#stopping) {
      let delay: number;
      try {
        const outcome = await this.dispatchQueue();
        if (outcome === 'failed') delay = this.#failed();
        else {
          const pause = this.#recovered();
          // A full batch means more is waiting: go on at once.
          delay = outcome === 'more' ? 0 : pause;
        }
      } catch (err) {
        logger.warn({ error: describeError(err) }, 'courier: unable to use the message queue');
        delay = this.#failed();
      }
      if (this.#backoff.failures > 0) {
        const since = this.#backoff.failingSince ?? clock.now().getTime();
        if (!this.#warnedLongOutage && clock.now().getTime() - since >= LONG_OUTAGE_MS) {
          this.#warnedLongOutage = true;
          logger.error({ failing_for_ms: clock.now().getTime() - since }, 'courier: deliveries have been failing for 15 minutes; still retrying');
        }
      }
      if (delay > 0) await this.#sleep(delay);
    }
  }

  #failed(): number {
    const delay = this.#backoff.fail(this.#deps.clock.now().getTime());
    this.#deps.logger.warn({ retry_in_ms: delay, failures: this.#backoff.failures }, 'courier: dispatch failed; retrying');
    return delay;
  }

  #recovered(): number {
    if (this.#backoff.failures > 0) this.#deps.logger.info({ failures: this.#backoff.failures }, 'courier: dispatch succeeded again');
    this.#backoff.reset();
    this.#warnedLongOutage = false;
    return this.#opts.pollIntervalMs;
  }

  /** Waits `ms`, or less when `stop()` wakes the loop. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  /**
   * One dispatch: claims a batch and sends it in order. A connection-level failure puts the
   * failed message and all later ones back (upstream) and reports `failed`.
   */
  async dispatchQueue(): Promise<DispatchOutcome> {
    const { persister, logger } = this.#deps;
    const claim = await persister.claim({ limit: this.#opts.batchSize, leaseMs: this.#opts.leaseMs });
    if (claim.messages.length === 0) return 'idle';
    const messages = claim.messages;
    for (let i = 0; i < messages.length; i++) {
      const msg = messages[i] as ClaimedMessage;
      if (this.#stopping) {
        await persister.release(claim.token, messages.slice(i).map((m) => m.id));
        return 'drained';
      }
      try {
        // Renewing just before the send keeps the claim within its lease, however long the batch.
        if (!(await persister.renew(claim.token, msg.id))) continue;
        await this.#send(msg);
      } catch (err) {
        if (isMessageRejection(err)) {
          await this.#defer(claim.token, msg, err);
          continue;
        }
        logger.warn({ message_id: msg.id, error: describeError(err) }, 'courier: unable to send the message');
        await persister
          .release(claim.token, messages.slice(i).map((m) => m.id))
          .catch((e: unknown) => logger.warn({ error: describeError(e) }, 'courier: unable to put the batch back; it is retried after the lease'));
        return 'failed';
      }
      await this.#markSent(claim.token, msg);
    }
    return messages.length >= this.#opts.batchSize ? 'more' : 'drained';
  }

  async #send(msg: ClaimedMessage): Promise<void> {
    const { templates, logger, smtp } = this.#deps;
    let html: string | null = null;
    try {
      html = await templates.renderHtml(msg.templateType, msg.templateData);
    } catch (err) {
      logger.warn({ message_id: msg.id, error: describeError(err) }, 'courier: unable to render the HTML part; sending plain text only');
    }
    const send = this.#deps.send ?? sendMail;
    await send(smtp(), { recipient: msg.recipient, subject: msg.subject, text: msg.body, html });
    logger.debug({ message_id: msg.id }, 'courier: message sent');
  }

  async #defer(token: string, msg: ClaimedMessage, err: unknown): Promise<void> {
    const { persister, logger, clock } = this.#deps;
    const delay = backoffDelay(this.#opts.backoff, msg.failedAttempts + 1);
    const error = describeSmtpError(err);
    logger.warn(
      { message_id: msg.id, failed_attempts: msg.failedAttempts + 1, retry_in_ms: delay, error },
      'courier: the SMTP server refused the message; it stays queued',
    );
    await persister.defer(token, msg.id, new Date(clock.now().getTime() + delay), error);
  }

  /** The server has the mail: retry the bookkeeping briefly, since failing it means a resend. */
  async #markSent(token: string, msg: ClaimedMessage): Promise<void> {
    const { persister, logger } = this.#deps;
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await persister.markSent(token, msg.id))) {
          logger.warn({ message_id: msg.id }, 'courier: the claim on a sent message was taken over; it may be sent twice');
        }
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
  }
}
