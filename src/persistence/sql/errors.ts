import { conflict, GatehouseError, internal, notFound } from '../../http/errors.js';

interface DriverError {
  code?: unknown;
  message?: unknown;
}

const SQLITE_UNIQUE = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** True for unique / primary-key violations of either driver. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as DriverError | null)?.code;
  return code === '23505' || (typeof code === 'string' && SQLITE_UNIQUE.has(code));
}

/**
 * Maps driver errors to Gatehouse errors: unique violations → 409, malformed UUID text
 * (PostgreSQL 22P02) → 404. Driver messages never reach `reason`.
 */
export function mapDbError(err: unknown): GatehouseError {
  if (err instanceof GatehouseError) return err;
  if (isUniqueViolation(err)) return conflict();
  const code = (err as DriverError | null)?.code;
  if (code === '22P02') return notFound();
  const message = (err as DriverError | null)?.message;
  const mapped = internal(undefined, { debug: typeof message === 'string' ? message : undefined });
  // Keep the original for logs; it is never rendered.
  mapped.cause = err;
  return mapped;
}

/** Runs `fn`, rethrowing any driver error as a mapped GatehouseError. */
export async function mapErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapDbError(err);
  }
}
