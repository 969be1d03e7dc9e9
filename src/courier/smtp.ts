/** SMTP delivery of one message (courier.md §4) over nodemailer. */
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
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

/** A header value can never end the header: line breaks become spaces. */
const oneLine = (v: string): string => v.replace(/[\r\n]+/g, ' ');

/** Printable ASCII only: such a value goes out exactly as given. */
const PRINTABLE = /^[\x20-\x7e]*$/;

/** The header fields upstream sets, after `courier.smtp.headers` had their say. */
export interface MailHeaders {
  from: string;
  to: string;
  subject: string;
  /** The other configured headers. */
  extra: Record<string, string>;
}

/**
 * From, To, Subject, then `courier.smtp.headers`: a configured header of the same name
 * (whatever its case) replaces the built-in one.
 */
export function mailHeaders(settings: SmtpSettings, mail: OutgoingMail): MailHeaders {
  const out: MailHeaders = { from: formatFrom(settings.fromAddress, settings.fromName), to: mail.recipient, subject: mail.subject, extra: {} };
  for (const [name, value] of Object.entries(settings.headers)) {
    const key = name.toLowerCase();
    if (key === 'from' || key === 'to' || key === 'subject') out[key] = value;
    else out.extra[name] = value;
  }
  return out;
}

/**
 * Replaces the (possibly folded) header `name` of a built message. nodemailer rewrites address
 * headers (`"name" <a@B>` → `name <a@b>`); upstream sends them as given.
 */
function replaceHeader(raw: string, name: string, value: string): string {
  const end = raw.indexOf('\r\n\r\n');
  const lines = raw.slice(0, end).split('\r\n');
  const out: string[] = [];
  const prefix = `${name.toLowerCase()}:`;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.toLowerCase().startsWith(prefix)) {
      out.push(line);
      continue;
    }
    out.push(`${name}: ${value}`);
    while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1] as string)) i++;
  }
  return out.join('\r\n') + raw.slice(end);
}

/**
 * The message as it goes on the wire: multipart/alternative with the plain text first and the
 * HTML second (when there is one); Date, Message-ID and MIME-Version from nodemailer. The
 * envelope follows the final From and To headers, as upstream's mail library does.
 */
export async function buildMail(settings: SmtpSettings, mail: OutgoingMail): Promise<{ envelope: { from: string; to: string[] }; raw: Buffer }> {
  const h = mailHeaders(settings, mail);
  const from = oneLine(h.from);
  const to = oneLine(h.to);
  // A subject with a line break (the templates end with one) is MIME-encoded, as Go's mail
  // library does, so the break survives instead of being folded into a space.
  const subject = /[\r\n]/.test(h.subject) ? encodeWord(h.subject, 'Q', 52) : h.subject;
  const extra = Object.fromEntries(Object.entries(h.extra).map(([k, v]) => [k, oneLine(v)]));
  const envelope = { from: addressesOf(from)[0] ?? settings.fromAddress, to: addressesOf(to) };
  if (envelope.to.length === 0) envelope.to = [mail.recipient];
  const composer = new MailComposer({
    headers: extra,
    from,
    to,
    subject,
    text: mail.text,
    ...(mail.html === null ? {} : { html: mail.html }),
  });
  let raw = (await composer.compile().build()).toString('utf8');
  if (PRINTABLE.test(from)) raw = replaceHeader(raw, 'From', from);
  if (PRINTABLE.test(to)) raw = replaceHeader(raw, 'To', to);
  return { envelope, raw: Buffer.from(raw, 'utf8') };
}

/**
 * Sends one mail on its own connection (dial, send, close), as upstream does: a failure never
 * spans messages, and no connection idles between the worker's polls.
 */
export async function sendMail(settings: SmtpSettings, mail: OutgoingMail): Promise<void> {
  if (!settings.connectionUri) throw new MissingSmtpUrlError();
  const transport = nodemailer.createTransport(transportOptions(settings.connectionUri));
  try {
    const { envelope, raw } = await buildMail(settings, mail);
    await transport.sendMail({ envelope, raw });
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
