import type { FastifyRequest } from 'fastify';
import { badRequest, GatehouseError } from './errors.js';

/** Media type of a request without parameters, lower-cased ('' when absent). */
export function mediaType(req: FastifyRequest): string {
  const ct = req.headers['content-type'];
  if (!ct) return '';
  return (ct.split(';', 1)[0] ?? '').trim().toLowerCase();
}

function rawBody(req: FastifyRequest): string {
  const b = req.body;
  if (b === undefined || b === null) return '';
  if (Buffer.isBuffer(b)) return b.toString('utf8');
  return typeof b === 'string' ? b : '';
}

const JSON_TYPES = (t: string) => t === '' || t === 'application/json' || t.endsWith('+json');

/** Go's name for the JSON kind of a value, used in decoder messages. */
export function goJsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/**
 * Decodes a strict JSON object body for the admin API: rejects foreign content types (415),
 * empty or malformed bodies and non-objects (400), and fields outside `allowed` (400
 * `json: unknown field "<name>"`).
 */
export function decodeStrictJsonObject(req: FastifyRequest, allowed: readonly string[]): Record<string, unknown> {
  const type = mediaType(req);
  if (!JSON_TYPES(type)) {
    throw new GatehouseError(415, {
      reason: `HTTP ${req.method} Request used unknown HTTP Header "Content-Type: ${req.headers['content-type']}", only [application/json] is supported.`,
    });
  }
  const text = rawBody(req);
  if (text.trim() === '') {
    throw badRequest('Unable to decode HTTP Request Body because its HTTP Header "Content-Length" is zero.', {
      message: 'EOF',
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badRequest('The request body is not valid JSON.', {
      message: `invalid character in JSON body: ${(err as Error).message}`,
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`Expected JSON sent in request body to be an object but got: ${goJsonKind(value)}`, {
      message: `json: cannot unmarshal ${goJsonKind(value)} into Go value of type object`,
    });
  }
  const obj = rejectNul(value as Record<string, unknown>);
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw badRequest(undefined, { message: `json: unknown field "${key}"` });
  }
  return obj;
}

/** Reads an optional string field, failing with a Go-style type error. */
export function optionalString(obj: Record<string, unknown>, key: string, struct: string): string {
  const v = obj[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') {
    throw badRequest(undefined, {
      message: `json: cannot unmarshal ${goJsonKind(v)} into Go struct field ${struct}.${key} of type string`,
    });
  }
  return v;
}

function containsNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 64 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => containsNul(x, depth + 1));
  return Object.entries(v).some(([k, x]) => k.includes('\u0000') || containsNul(x, depth + 1));
}

/**
 * NUL characters are refused in every submitted value: PostgreSQL cannot store them in text or
 * jsonb, and accepting them on SQLite only would make the two databases answer differently.
 */
export function rejectNul<T>(value: T): T {
  if (containsNul(value)) throw badRequest('The request contains a NUL character (U+0000), which is not accepted in any field.');
  return value;
}
