/** SMTP delivery of one message (courier.md §4) over nodemailer. */
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { encodeWord } from 'nodemailer/lib/mime-funcs';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import type { CourierConfig } from '../config/types.js';

/** What the courier needs from `courier.smtp`. */
export interface SmtpSettings {
  /** '' when not configured: every send then fails (and is retried). */
  connectionUri: string;
  fromAddress: string;
  fromName: string | undefined;
  /** `courier.smtp.headers`, applied last (they may override From, To and Subject). */
  headers: Readonly<Record<string, string>>;
}

export const DEFAULT_FROM_ADDRESS = 'no-reply@ory.kratos.sh';

export function smtpSettings(courier: CourierConfig | undefined): SmtpSettings {
  const s = courier?.smtp;
  return {
    connectionUri: s?.connection_uri ?? '',
    fromAddress: s?.from_address || DEFAULT_FROM_ADDRESS,
    fromName: s?.from_name || undefined,
    headers: s?.headers ?? {},
  };
}

/** Upstream's message (and text) when no SMTP server is configured. */
export class MissingSmtpUrlError extends Error {
  constructor() {
    super('Courier tried to deliver an email but courier.smtp_url is not set!');
    this.name = 'MissingSmtpUrlError';
  }
}

/** One mail as it is handed to the server. */
export interface OutgoingMail {
  recipient: string;
  subject: string;
  text: string;
  /** The HTML part; null sends the plain text alone (its template failed). */
  html: string | null;
}

/** Go's `strconv.ParseBool` truth values, which upstream uses for the query flags. */
const TRUE_VALUES = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

/** Per courier.md §4: dial timeout 10 s. Greeting and idle limits keep a stalled server from holding a claim. */
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 60_000;

/**
 * Transport options for `courier.smtp.connection_uri`: `smtp://` requires STARTTLS unless
 * `disable_starttls=true` (then no TLS at all); `smtps://` is TLS from the first byte;
 * `skip_ssl_verify=true` accepts any certificate; user info (URL-decoded) enables AUTH.
 *
 * The SASL mechanism is nodemailer's pick from the server's offer (PLAIN, LOGIN, then CRAM-MD5)
 * where upstream prefers CRAM-MD5; only the exchange differs, not the outcome.
 */
export function transportOptions(connectionUri: string): SMTPTransportOptions {
  const uri = new URL(connectionUri);
  const secure = uri.protocol === 'smtps:';
  if (!secure && uri.protocol !== 'smtp:') throw new Error(`unsupported SMTP scheme "${uri.protocol}"`);
  const host = uri.hostname.replace(/^\[(.*)\]$/, '$1');
  const flag = (name: string): boolean => TRUE_VALUES.has(uri.searchParams.get(name) ?? '');
  const disableStartTls = !secure && flag('disable_starttls');
  const options: SMTPTransportOptions = {
    host,
    port: uri.port ? Number(uri.port) : secure ? 465 : 25,
    secure,
    requireTLS: !secure && !disableStartTls,
    ignoreTLS: disableStartTls,
    tls: {
      rejectUnauthorized: !flag('skip_ssl_verify'),
      // Node refuses an IP address as SNI name; the certificate is then checked against the IP.
      ...(isIP(host) ? {} : { servername: host }),
    },
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    dnsTimeout: CONNECTION_TIMEOUT_MS,
    logger: false,
    debug: false,
  };
  if (uri.username) {
    options.auth = { user: decodeURIComponent(uri.username), pass: decodeURIComponent(uri.password) };
  }
  return options;
}

/** `"name" <address>` as upstream writes it; names outside printable ASCII are MIME-encoded. */
export function formatFrom(address: string, name: string | undefined): string {
  if (!name) return address;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
  return `${encodeWord(name, 'Q')} <${address}>`;
}

const addressesOf = (header: string): string[] =>
  addressparser(header, { flatten: true })
    .map((a) => a.address)
    .filter((a): a is string => Boolean(a));

/**
 * The nodemailer message: From, To, Subject, then `courier.smtp.headers` (a header of the same
 * name replaces the built-in one, whatever its case), and multipart/alternative text + HTML.
 * The envelope follows the final From and To headers, as upstream's mail library does.
 */
export function composeMail(settings: SmtpSettings, mail: OutgoingMail): SendMailOptions {
  let from = formatFrom(settings.fromAddress, settings.fromName);
  let to = mail.recipient;
  let subject = mail.subject;
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings.headers)) {
    const key = name.toLowerCase();
    if (key === 'from') from = value;
    else if (key === 'to') to = value;
    else if (key === 'subject') subject = value;
    else extra[name] = value;
  }
  const envelopeFrom = addressesOf(from)[0] ?? settings.fromAddress;
  const envelopeTo = addressesOf(to);
  return {
    // `prepared`: nodemailer would rewrite `"name" <address>` as `name <address>`.
    headers: { ...extra, From: { prepared: true, value: from } },
    to,
    subject,
    envelope: { from: envelopeFrom, to: envelopeTo.length > 0 ? envelopeTo : [mail.recipient] },
    text: mail.text,
    ...(mail.html === null ? {} : { html: mail.html }),
  };
}

/**
 * Sends one mail on its own connection (dial, send, close), as upstream does: a failure never
 * spans messages, and no connection idles between the worker's polls.
 */
export async function sendMail(settings: SmtpSettings, mail: OutgoingMail): Promise<void> {
  if (!settings.connectionUri) throw new MissingSmtpUrlError();
  const transport = nodemailer.createTransport(transportOptions(settings.connectionUri));
  try {
    await transport.sendMail(composeMail(settings, mail));
  } finally {
    transport.close();
  }
}

interface SmtpError {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
}

/**
 * True when the server refused this message (sender, recipient or content; 4xx or 5xx) rather
 * than the connection failing: only the message is held back, the rest of the queue goes on.
 */
export function isMessageRejection(err: unknown): boolean {
  const code = (err as SmtpError | null)?.code;
  return code === 'EENVELOPE' || code === 'EMESSAGE';
}

/** One line for the log: the error's message (never its stack). */
export function describeSmtpError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as SmtpError).code;
  return typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}
