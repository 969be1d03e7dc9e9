import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decodeStrictJsonObject, optionalString } from '../../../http/body.js';
import { badRequest, notFound } from '../../../http/errors.js';
import { sendJson } from '../../../http/reply.js';
import type { IdentityPool } from '../../../identity/pool.js';
import type { Config } from '../../../config/config.js';
import { parseDuration } from '../../../x/duration.js';
import { isUuid } from '../../../x/random.js';
import { formatTime } from '../../../x/time.js';
import type { ChallengeFlows } from '../../flow/challenge/service.js';
import { strategyDisabled } from '../../flow/errors.js';
import type { LinkSender } from './sender.js';

export interface AdminRecoveryLinkDeps {
  config: Config;
  identities: IdentityPool;
  sender: LinkSender;
  recoveryFlows: ChallengeFlows;
}

const BODY = 'adminCreateSelfServiceRecoveryLinkBody';

/** `expires_in`: a Go duration; the link must not already be expired (api.md §10). */
function lifespanOf(value: string, fallbackMs: number): number {
  if (value === '') return fallbackMs;
  const ms = parseDuration(value);
  if (ms === null) {
    throw badRequest(`Unable to parse "expires_in" whose format should match "[0-9]+(ns|us|ms|s|m|h)" but did not: ${value}`);
  }
  if (ms < 0) throw badRequest(`Value from "expires_in" must be result to a future time: ${value}`);
  return ms;
}

/**
 * `POST /recovery/link` on the admin listener: a recovery link for an identity, returned to
 * the caller instead of mailed. The identity is looked up before anything is written (upstream
 * stored the flow first and left it behind for unknown identities).
 */
export function registerAdminRecoveryLink(app: FastifyInstance, d: AdminRecoveryLinkDeps): void {
  app.post('/recovery/link', async (req: FastifyRequest, reply) => {
    if (!d.config.strategyEnabled('link')) throw strategyDisabled();
    const body = decodeStrictJsonObject(req, ['identity_id', 'expires_in']);
    const identityId = optionalString(body, 'identity_id', BODY);
    const lifespanMs = lifespanOf(optionalString(body, 'expires_in', BODY), d.config.linkLifespanMs);
    if (identityId !== '' && !isUuid(identityId)) {
      throw badRequest(`The "identity_id" must be a UUID but got: ${JSON.stringify(identityId)}`);
    }
    const identity = identityId === '' ? null : await d.identities.findIdentity(identityId);
    if (!identity) throw notFound();
    const flow = await d.recoveryFlows.create(req, 'browser', { lifespanMs });
    const { token } = await d.sender.createAdminRecoveryToken(identity.id, lifespanMs);
    return sendJson(reply, 200, {
      recovery_link: d.sender.linkUrl('recovery', flow.id, token),
      expires_at: formatTime(flow.expiresAt),
    });
  });
}
