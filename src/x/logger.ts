import pino, { type Logger } from 'pino';

const LEVELS: Record<string, string> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
  panic: 'fatal',
};

/**
 * The process logger. Writes asynchronously so request logging never blocks the event loop;
 * `flushSync` is called on exit by the CLI.
 */
export function createLogger(opts: { level?: string; destination?: number | string } = {}): Logger {
  const level = LEVELS[opts.level ?? 'info'] ?? 'info';
  return pino(
    { level, base: { service: 'gatehouse' }, timestamp: pino.stdTimeFunctions.isoTime, messageKey: 'msg' },
    // Buffered: one write per ~4 KiB of log lines rather than one syscall per request.
    pino.destination({ dest: opts.destination ?? 2, sync: false, minLength: 4096 }),
  );
}
