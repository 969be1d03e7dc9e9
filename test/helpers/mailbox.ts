/**
 * A real SMTP server on loopback (`smtp-server`) that keeps every mail it receives, parsed with
 * `mailparser`. It can be stopped and started again on the same port to simulate an outage.
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { freePort } from './server.js';

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), lower-cased as sent. */
  to: string[];
  /** The `From` header as written. */
  from: string;
  subject: string;
  text: string;
  /** The HTML part, or '' when the mail has none. */
  html: string;
  headers: Map<string, unknown>;
  raw: string;
  receivedAt: Date;
}

export interface MailboxOptions {
  /** Implicit TLS (smtps) with smtp-server's built-in self-signed certificate. */
  secure?: boolean;
  /** Require AUTH with these credentials. */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS on a plain connection (off by default: tests use `disable_starttls=true`). */
  starttls?: boolean;
  port?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Mailbox {
  readonly mails: ReceivedMail[] = [];
  #server: SMTPServer | null = null;
  #opts: MailboxOptions;
  port = 0;
  /** Messages the server refuses with a 5xx while `rejectNext` > 0. */
  rejectNext = 0;
  /** Delay before the server answers a message's DATA (a slow server keeps a sender busy). */
  acceptDelayMs = 0;

  constructor(opts: MailboxOptions = {}) {
    this.#opts = opts;
  }

  /** `courier.smtp.connection_uri` for this mailbox. */
  get connectionUri(): string {
    const auth = this.#opts.auth ? `${encodeURIComponent(this.#opts.auth.user)}:${encodeURIComponent(this.#opts.auth.pass)}@` : '';
    if (this.#opts.secure) return `smtps://${auth}127.0.0.1:${this.port}/?skip_ssl_verify=true`;
    if (this.#opts.starttls) return `smtp://${auth}127.0.0.1:${this.port}/?skip_ssl_verify=true`;
    return `smtp://${auth}127.0.0.1:${this.port}/?disable_starttls=true`;
  }

  get running(): boolean {
    return this.#server !== null;
  }

  async start(): Promise<this> {
    if (this.#server) return this;
    if (!this.port) this.port = this.#opts.port ?? (await freePort());
    const auth = this.#opts.auth;
    const options: SMTPServerOptions = {
      secure: this.#opts.secure ?? false,
      authOptional: !auth,
      allowInsecureAuth: true,
      disabledCommands: this.#opts.secure || this.#opts.starttls ? [] : ['STARTTLS'],
      logger: false,
      onAuth: (a, _session, cb) => {
        if (auth && a.username === auth.user && a.password === auth.pass) return cb(null, { user: a.username });
        return cb(new Error('Invalid username or password'));
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        const finish = () => {
          if (this.rejectNext > 0) {
            this.rejectNext -= 1;
            const err = Object.assign(new Error('Mailbox refuses this message'), { responseCode: 554 });
            return cb(err);
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((m) => {
              const from = (m.from as AddressObject | undefined)?.text ?? '';
              this.mails.push({
                to: session.envelope.rcptTo.map((r) => r.address),
                from,
                subject: m.subject ?? '',
                text: m.text ?? '',
                html: typeof m.html === 'string' ? m.html : '',
                headers: m.headers as Map<string, unknown>,
                raw,
                receivedAt: new Date(),
              });
              cb();
            })
            .catch((err: Error) => cb(err));
        };
        stream.on('end', () => setTimeout(finish, this.acceptDelayMs));
      },
    };
    const server = new SMTPServer(options);
    server.on('error', () => undefined);
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(this.port, '127.0.0.1', () => ok());
    });
    this.#server = server;
    return this;
  }

  /** Closes the listener and drops open connections (an outage, as the courier sees it). */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = null;
    await new Promise<void>((ok) => server.close(() => ok()));
  }

  /** Mails sent to `address` (case-insensitive). */
  to(address: string): ReceivedMail[] {
    const a = address.toLowerCase();
    return this.mails.filter((m) => m.to.some((t) => t.toLowerCase() === a));
  }

  /** Waits until a mail matching `pred` has arrived (which is returned) or fails after `timeoutMs`. */
  async waitFor(pred: (m: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.mails.find(pred);
      if (m) return m;
      if (Date.now() > deadline) {
        throw new Error(`no matching mail within ${timeoutMs} ms; received: ${JSON.stringify(this.mails.map((x) => ({ to: x.to, subject: x.subject })))}`);
      }
      await sleep(50);
    }
  }

  /** Waits for the `n`-th mail (1-based) sent to `address`. */
  waitForMailTo(address: string, n = 1, timeoutMs = 15_000): Promise<ReceivedMail> {
    return this.waitFor(() => this.to(address).length >= n, timeoutMs).then(() => this.to(address)[n - 1] as ReceivedMail);
  }
}

/** Starts a mailbox; stop it in an `after` hook. */
export async function startMailbox(opts: MailboxOptions = {}): Promise<Mailbox> {
  return new Mailbox(opts).start();
}

/** The first http(s) link of a plain-text mail body. */
export function linkIn(mail: ReceivedMail): URL {
  const m = /https?:\/\/\S+/.exec(mail.text);
  if (!m) throw new Error(`no link in mail "${mail.subject}":\n${mail.text}`);
  return new URL(m[0]);
}
