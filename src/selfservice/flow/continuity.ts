import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setReplyCookie } from '../../http/csrf-hook.js';
import { parseCookies, serializeCookie } from '../../http/cookies.js';
import { newId } from '../../x/random.js';
import type { ContinuityPersister } from './continuity-persister.js';

/**
 * Paused actions (flows.md §8): the `ory_kratos_continuity` cookie maps container names to
 * server-side containers. The cookie is HMAC-signed with the session secrets.
 */
export const CONTINUITY_COOKIE = 'ory_kratos_continuity';

export interface ContinuityDeps {
  continuity: ContinuityPersister;
  secrets: () => readonly string[];
  dev: boolean;
  now: () => Date;
}

const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(`${CONTINUITY_COOKIE}|${payload}`).digest('base64url');

function readMap(req: FastifyRequest, deps: ContinuityDeps): Record<string, string> {
  const raw = parseCookies(req.headers.cookie).get(CONTINUITY_COOKIE);
  if (!raw || raw.length > 4096) return {};
  const [payload, given] = raw.split('.', 2);
  if (!payload || !given) return {};
  const ok = deps.secrets().some((s) => {
    const a = Buffer.from(mac(s, payload));
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  });
  if (!ok) return {};
  try {
    const map = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return map && typeof map === 'object' && !Array.isArray(map) ? (map as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function writeMap(reply: FastifyReply, deps: ContinuityDeps, map: Record<string, string>): void {
  const payload = Buffer.from(JSON.stringify(map)).toString('base64url');
  const value = `${payload}.${mac(deps.secrets()[0] as string, payload)}`;
  const empty = Object.keys(map).length === 0;
  setReplyCookie(
    reply,
    CONTINUITY_COOKIE,
    serializeCookie(CONTINUITY_COOKIE, empty ? '' : value, {
      path: '/',
      httpOnly: true,
      secure: !deps.dev,
      sameSite: 'Lax',
      maxAgeSeconds: empty ? 0 : undefined,
    }),
  );
}

/** Stores `payload` under `name` for `lifespanMs`, bound to an identity. */
export async function pause(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: ContinuityDeps,
  o: { name: string; identityId: string | null; payload: unknown; lifespanMs: number },
): Promise<void> {
  const now = deps.now();
  const id = newId();
  await deps.continuity.saveContainer({
    id,
    name: o.name,
    identityId: o.identityId,
    payload: o.payload,
    expiresAt: new Date(now.getTime() + o.lifespanMs),
    createdAt: now,
    updatedAt: now,
  });
  writeMap(reply, deps, { ...readMap(req, deps), [o.name]: id });
}

/**
 * The payload paused under `name`, if it exists, has not expired and belongs to `identityId`;
 * the container is consumed either way. Null when there is nothing to resume.
 */
export async function resume(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: ContinuityDeps,
  o: { name: string; identityId: string },
): Promise<unknown | null> {
  const map = readMap(req, deps);
  const id = map[o.name];
  if (!id) return null;
  const container = await deps.continuity.getContainer(id);
  delete map[o.name];
  writeMap(reply, deps, map);
  if (!container) return null;
  await deps.continuity.deleteContainer(id);
  if (container.expiresAt.getTime() <= deps.now().getTime()) return null;
  if (container.identityId !== o.identityId) return null;
  return container.payload;
}

/** Drops the paused actions of `names` (a new settings flow aborts older paused updates). */
export async function abort(req: FastifyRequest, reply: FastifyReply, deps: ContinuityDeps, names: readonly string[]): Promise<void> {
  const map = readMap(req, deps);
  const found = names.filter((n) => map[n]);
  if (found.length === 0) return;
  for (const n of found) {
    await deps.continuity.deleteContainer(map[n] as string);
    delete map[n];
  }
  writeMap(reply, deps, map);
}
