import { internal } from '../http/errors.js';
import type { CourierConfig } from '../config/types.js';
import { newId } from '../x/random.js';
import type { Clock } from '../x/time.js';
import { MESSAGE_TYPE_EMAIL, MessageStatus } from './message.js';
import type { CourierMessage, TemplateType } from './message.js';
import type { CourierPersister } from './persister.js';
import { smtpSettings } from './smtp.js';
import type { SmtpSettings } from './smtp.js';
import { TemplateError } from './templates.js';
import type { EmailTemplates } from './templates.js';
import { CourierWorker, type WorkerLogger, type WorkerOptions } from './worker.js';

/** The configuration the courier reads; `Config` satisfies it (re-read on every use). */
export interface CourierConfigSource {
  readonly raw: { readonly courier?: CourierConfig };
}

export interface CourierDeps {
  templates: Pick<EmailTemplates, 'render' | 'renderHtml'>;
  persister: CourierPersister;
  clock: Clock;
  config: CourierConfigSource;
}

/**
 * Queues mail for the delivery loop (courier.md §2): subject and plain text are rendered now,
 * the HTML part at send time from the stored model.
 */
export class Courier {
  readonly #deps: CourierDeps;

  constructor(deps: CourierDeps) {
    this.#deps = deps;
  }

  /**
   * Renders subject and plain body and returns a new queued message, not stored (a flow stores
   * it with `insertCourierMessage` in its own transaction). A template that fails to render is a
   * 500 for the calling flow, as upstream.
   */
  async compose(type: TemplateType, recipient: string, model: Record<string, unknown>): Promise<CourierMessage> {
    let rendered: { subject: string; body: string };
    try {
      rendered = await this.#deps.templates.render(type, model);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      const mapped = internal(`Unable to render the ${type} email template.`, { debug: err.message });
      mapped.cause = err;
      throw mapped;
    }
    const now = this.#deps.clock.now();
    return {
      id: newId(),
      type: MESSAGE_TYPE_EMAIL,
      status: MessageStatus.queued,
      recipient,
      subject: rendered.subject,
      body: rendered.body,
      templateType: type,
      templateData: model,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** compose + store. */
  async enqueue(type: TemplateType, recipient: string, model: Record<string, unknown>): Promise<CourierMessage> {
    const msg = await this.compose(type, recipient, model);
    await this.#deps.persister.enqueue(msg);
    return msg;
  }

  /** SMTP settings of the current configuration. */
  smtp(): SmtpSettings {
    return smtpSettings(this.#deps.config.raw.courier);
  }

  /** A delivery loop over this courier's queue (not started). */
  worker(logger: WorkerLogger, options: Partial<WorkerOptions> = {}): CourierWorker {
    const { persister, templates, clock } = this.#deps;
    return new CourierWorker({ persister, templates, clock, logger, smtp: () => this.smtp() }, options);
  }
}
