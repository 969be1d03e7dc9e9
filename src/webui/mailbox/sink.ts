/**
 * The development mailbox's SMTP side: a loopback SMTP server (`smtp-server`) listening where
 * `courier.smtp.connection_uri` points, so the courier delivers to it like to any server, and
 * every mail lands in a {@link MailStore}. Dev mode only; the modules load only when enabled.
 */
import { ConfigError } from '../../config/errors.js';
import type { MailStore } from './store.js';

/** Where the sink listens. */
export interface SinkAddress {
  host: string;
  port: number;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/i;

/**
 * The sink's address from the courier's connection URI. It must be plain SMTP without STARTTLS
 * on a loopback address: the sink is never reachable from outside and has no certificate.
 */
export function sinkAddress(connectionUri: string | undefined): SinkAddress {
  const problem = (why: string) =>
    new ConfigError([
      `serve.public.ui.mailbox: ${why}; set courier.smtp.connection_uri to a loopback address such as smtp://127.0.0.1:4436/?disable_starttls=true`,
    ]);
  if (!connectionUri) throw problem('courier.smtp.connection_uri is not set');
  let uri: URL;
  try {
    uri = new URL(connectionUri);
  } catch {
    throw problem('courier.smtp.connection_uri is not a URL');
  }
  const host = uri.hostname.replace(/^\[(.*)\]$/, '$1');
  if (uri.protocol !== 'smtp:') throw problem('the mailbox speaks plain smtp:// only');
  if (!LOOPBACK.test(host)) throw problem(`"${host}" is not a loopback address`);
  if (uri.searchParams.get('disable_starttls') !== 'true') throw problem('the mailbox offers no STARTTLS (add disable_starttls=true)');
  return { host, port: uri.port ? Number(uri.port) : 25 };
}

/** A running sink; `close()` stops it. */
export interface MailSink {
  address: SinkAddress;
  close(): Promise<void>;
}

/** Starts the SMTP sink; mails are parsed with `mailparser` and added to `store`. */
export async function startMailSink(address: SinkAddress, store: MailStore, onError: (err: Error) => void): Promise<MailSink> {
  const [{ SMTPServer }, { simpleParser }] = await Promise.all([import('smtp-server'), import('mailparser')]);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 5 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((m) => {
          store.add({
            to: session.envelope.rcptTo.map((r) => r.address),
            from: m.from?.text ?? '',
            subject: (m.subject ?? '').trim(),
            text: m.text ?? '',
            receivedAt: new Date(),
          });
          callback();
        })
        .catch((err: Error) => {
          onError(err);
          callback(err);
        });
    },
  });
  server.on('error', onError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    address,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
