import type { FastifyReply } from 'fastify';
import { identityToWire } from '../../../identity/wire.js';
import * as text from '../../../text/index.js';
import type { ChallengeFlows } from '../../flow/challenge/service.js';
import { identityDisabled } from '../../flow/errors.js';
import type { RecoveryFlow } from '../../flow/flow.js';
import { redirectToUi } from '../../flow/runtime.js';
import { createSettingsFlow } from '../../flow/settings/create.js';
import { flowToWire } from '../../flow/wire.js';
import { runWebHooks } from '../../hook/run.js';
import { issueSession } from '../../hook/session.js';
import type { ChallengeContext, SettingsStrategy } from '../strategy.js';
import { LinkChallengeStrategy, type LinkStrategyDeps } from './base.js';

/** Account recovery by email link (flows.md §4.4, api.md §5.4). */
export class RecoveryLinkStrategy extends LinkChallengeStrategy {
  constructor(
    d: LinkStrategyDeps,
    /** The recovered person lands in a settings flow built by these. */
    private readonly settingsStrategies: readonly SettingsStrategy[],
  ) {
    super(d);
  }

  protected send(flow: RecoveryFlow, email: string): Promise<void> {
    return this.d.sender.sendRecoveryLink(flow, email);
  }

  /**
   * A link click: the token is consumed first (so an expired one is spent too), then the person
   * is signed in and sent to a settings flow to choose a new password (api.md §5.4 b).
   */
  protected async useToken(ctx: ChallengeContext): Promise<FastifyReply> {
    const { rt, links } = this.d;
    const { req, reply } = ctx;
    const consumed = await this.consumeToken(ctx, (hashes, at) => links.useRecoveryToken(hashes, at));
    if ('reply' in consumed) return consumed.reply;
    const { used, now } = consumed;
    const identity = await rt.identities.findIdentity(used.identityId, { withCredentials: true });
    if (!identity) return ctx.flows.retry(req, reply, 'browser', text.recoveryTokenInvalid());
    if (identity.state !== 'active') throw identityDisabled();

    const flow = await this.flowOf(ctx.flows, ctx, used.flowId, used.expiresAt.getTime() - now.getTime());
    flow.state = 'passed_challenge';
    flow.recoveredIdentityId = identity.id;
    flow.updatedAt = now;
    await rt.flows.updateFlow(flow);
    // Receiving the mail proved control of the address, so its verifiable twin is verified.
    if (used.address) await links.markValueVerified(identity.id, used.address.value, now);

    await issueSession(rt, req, reply, { identity, method: 'link_recovery', current: null, revokeOthers: false, browser: true });
    const settings = await createSettingsFlow(rt, this.settingsStrategies, req, 'browser', identity, {
      message: text.recoverySuccessful(new Date(now.getTime() + rt.config.privilegedSessionMaxAgeMs), now),
    });

    const identityWire = identityToWire(identity, { publicBaseUrl: rt.config.publicBaseUrl });
    await runWebHooks(rt.hooks, req, rt.config.raw.selfservice.flows.recovery.after?.hooks ?? [], {
      flow: flowToWire(flow),
      identity: identityWire,
    });
    return redirectToUi(rt, reply, 'settings', settings.id, 303);
  }

  /** The token's flow; admin links have none, so a browser flow lives as long as the token. */
  private async flowOf(flows: ChallengeFlows, ctx: ChallengeContext, flowId: string | null, leftMs: number): Promise<RecoveryFlow> {
    const stored = flowId ? await this.d.rt.flows.getFlow('recovery', flowId) : null;
    return stored ?? ((await flows.create(ctx.req, 'browser', { lifespanMs: leftMs })) as RecoveryFlow);
  }
}
