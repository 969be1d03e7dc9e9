import type { IncomingHttpHeaders } from 'node:http';
import { parseCookies } from '../http/cookies.js';
import type { Identity } from '../identity/identity.js';
import { newId, randomAlphanumeric } from '../x/random.js';
import type { Clock } from '../x/time.js';
import { aalOf } from './aal.js';
import { decodeSessionCookie, encodeSessionCookie } from './cookie.js';
import type { SessionPersister } from './persister.js';
import type { AuthenticationMethodName, Session, SessionWithIdentity } from './session.js';
import { deriveLogoutToken, hashToken } from './tokens.js';

export interface SessionSettings {
  lifespanMs: number;
  cookieName: string;
  /** Cookie/HMAC secrets; the first one signs. */
  secrets: readonly string[];
}

export interface SessionManagerDeps {
  sessions: SessionPersister;
  clock: Clock;
  settings: () => SessionSettings;
}

/** Issues sessions and finds the session of a request (session.md §3–4). */
export class SessionManager {
  constructor(private readonly deps: SessionManagerDeps) {}

  /** Creates, activates and stores a new session with fresh tokens. */
  async issue(identity: Identity, methods: AuthenticationMethodName[]): Promise<Session> {
    const now = this.deps.clock.now();
    const { lifespanMs, secrets } = this.deps.settings();
    const token = randomAlphanumeric(32);
    const logoutToken = deriveLogoutToken(token, secrets[0] as string);
    const session: Session = {
      id: newId(),
      identityId: identity.id,
      active: true,
      aal: aalOf(methods),
      authenticationMethods: methods.map((method) => ({ method, completedAt: now })),
      issuedAt: now,
      authenticatedAt: now,
      expiresAt: new Date(now.getTime() + lifespanMs),
      token,
      logoutToken,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.sessions.upsertSession(session, { tokenHash: hashToken(token), logoutTokenHash: hashToken(logoutToken) });
    return session;
  }

  /**
   * Re-authenticates an existing session in place (refresh, AAL upgrade): the method is
   * appended, the times reset and the AAL recomputed; id and tokens stay (session.md §4).
   */
  async reauthenticate(session: Session, token: string, method: AuthenticationMethodName): Promise<Session> {
    const now = this.deps.clock.now();
    const { lifespanMs, secrets } = this.deps.settings();
    session.authenticationMethods = [...session.authenticationMethods, { method, completedAt: now }];
    session.aal = aalOf(session.authenticationMethods.map((m) => m.method));
    session.active = true;
    session.authenticatedAt = now;
    session.issuedAt = now;
    session.expiresAt = new Date(now.getTime() + lifespanMs);
    session.updatedAt = now;
    session.token = token;
    session.logoutToken = deriveLogoutToken(token, secrets[0] as string);
    await this.deps.sessions.upsertSession(session, {
      tokenHash: hashToken(token),
      logoutTokenHash: hashToken(session.logoutToken),
    });
    return session;
  }

  /** The logout token of a session, derived from its session token (checked with every secret). */
  logoutTokenMatches(sessionToken: string, logoutToken: string): boolean {
    return this.deps.settings().secrets.some((secret) => deriveLogoutToken(sessionToken, secret) === logoutToken);
  }

  logoutTokenOf(sessionToken: string): string {
    return deriveLogoutToken(sessionToken, this.deps.settings().secrets[0] as string);
  }

  /** Deletes every session of an identity; returns how many there were. */
  deleteSessionsOf(identityId: string): Promise<number> {
    return this.deps.sessions.deleteSessionsOfIdentity(identityId);
  }

  /** Revokes (active = false) the session of a token; false when no session has it. */
  revokeByToken(token: string): Promise<boolean> {
    return this.deps.sessions.revokeSessionByTokenHash(hashToken(token));
  }

  /** The session cookie value carrying `token`. */
  cookieValue(token: string): string {
    const s = this.deps.settings();
    return encodeSessionCookie(s.cookieName, token, s.secrets, this.deps.clock.now().getTime());
  }

  /**
   * The session token a request carries, in Kratos's order: `X-Session-Token`, then the
   * session cookie (or `X-Session-Cookie`, which replaces all cookies), then `Authorization: Bearer`.
   */
  tokenFromHeaders(headers: IncomingHttpHeaders): string | null {
    const xst = headers['x-session-token'];
    if (typeof xst === 'string' && xst !== '') return xst;
    const { cookieName, secrets } = this.deps.settings();
    const xsc = headers['x-session-cookie'];
    const cookieValue =
      typeof xsc === 'string' ? xsc : headers.cookie ? parseCookies(headers.cookie).get(cookieName) : undefined;
    if (cookieValue) {
      const t = decodeSessionCookie(cookieName, cookieValue, secrets, this.deps.clock.now().getTime());
      if (t) return t;
    }
    const auth = headers.authorization;
    if (typeof auth === 'string') {
      const parts = auth.split(' ');
      if (parts.length === 2 && parts[0]?.toLowerCase() === 'bearer' && parts[1]) return parts[1];
    }
    return null;
  }

  /** Whether a stored session is usable now (active, not expired, identity active). */
  isValid(s: SessionWithIdentity, nowMs = this.deps.clock.now().getTime()): boolean {
    return s.session.active && s.session.expiresAt.getTime() > nowMs && s.identity.state === 'active';
  }

  /** The valid session of a token, or null. */
  async fetchByToken(token: string): Promise<SessionWithIdentity | null> {
    const found = await this.deps.sessions.getSessionByTokenHash(hashToken(token));
    return found && this.isValid(found) ? found : null;
  }

  /** The valid session of a request, or null. */
  async fromHeaders(headers: IncomingHttpHeaders): Promise<SessionWithIdentity | null> {
    const token = this.tokenFromHeaders(headers);
    return token ? this.fetchByToken(token) : null;
  }
}
