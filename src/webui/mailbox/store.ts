/** The development mailbox's memory: the most recent mails the loopback SMTP sink received. */

/** One received mail, parsed. */
export interface StoredMail {
  /** Sequence number, 1 for the first mail since start. */
  id: number;
  /** Envelope recipients. */
  to: string[];
  /** The `From` header as written. */
  from: string;
  subject: string;
  /** The plain-text part ('' when the mail has none). */
  text: string;
  receivedAt: Date;
}

/** Keeps the newest `capacity` mails, newest first. */
export class MailStore {
  readonly #mails: StoredMail[] = [];
  #seq = 0;

  constructor(readonly capacity = 200) {}

  add(mail: Omit<StoredMail, 'id'>): StoredMail {
    const stored = { ...mail, id: ++this.#seq };
    this.#mails.unshift(stored);
    if (this.#mails.length > this.capacity) this.#mails.length = this.capacity;
    return stored;
  }

  /** Newest first. */
  list(): readonly StoredMail[] {
    return this.#mails;
  }
}
