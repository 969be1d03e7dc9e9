import type { FastifyReply } from 'fastify';
import { identityToWire } from '../../../identity/wire.js';
import * as text from '../../../text/index.js';
import { addMessage, fromWire, resetMessages, setCsrf, toWire } from '../../../ui/index.js';
import { ensureCsrfCookie, formCsrfToken } from '../../flow/runtime.js';
import { secureRedirectTo } from '../../flow/return-to.js';
import { flowToWire } from '../../flow/wire.js';
import { runWebHooks } from '../../hook/run.js';
import type { ChallengeContext } from '../strategy.js';
import { LinkChallengeStrategy } from './base.js';
import type { VerificationFlow } from '../../flow/flow.js';

/** Address verification by email link (flows.md §4.5, api.md §6.3). */
export class VerificationLinkStrategy extends LinkChallengeStrategy {
  protected send(flow: VerificationFlow, email: string): Promise<void> {
    return this.d.sender.sendVerificationLink(flow, email);
  }

  /**
   * A link click verifies the token's address, whoever clicks it (no session involved). Hooks
   * run first: a failing hook leaves the address unverified (flows.md §9).
   */
  protected async useToken(ctx: ChallengeContext): Promise<FastifyReply> {
    const { rt, links } = this.d;
    const { req, reply } = ctx;
    const consumed = await this.consumeToken(ctx, (hashes, at) => links.useVerificationToken(hashes, at));
    if ('reply' in consumed) return consumed.reply;
    const { used, now } = consumed;
    const stored = used.flowId ? await rt.flows.getFlow('verification', used.flowId) : null;
    const flow = stored ?? (await ctx.flows.create(req, 'browser', { lifespanMs: used.expiresAt.getTime() - now.getTime() }));
    const ui = fromWire(flow.ui);
    resetMessages(ui);
    if (flow.type === 'browser') {
      // The link is often opened in another browser than the one that started the flow: the
      // flow now belongs to this one, so the UI it is sent to can fetch it.
      ensureCsrfCookie(rt, req, reply);
      flow.csrfToken = formCsrfToken(req, 'browser');
      setCsrf(ui, flow.csrfToken);
    }
    addMessage(ui, text.verificationSuccessful());
    flow.ui = toWire(ui) as unknown as Record<string, unknown>;
    flow.state = 'passed_challenge';
    flow.updatedAt = now;
    await rt.flows.updateFlow(flow);

    const identity = await rt.identities.findIdentity(used.address.identityId);
    await runWebHooks(rt.hooks, req, rt.config.raw.selfservice.flows.verification.after?.hooks ?? [], {
      flow: flowToWire(flow),
      identity: identity ? identityToWire(identity, { publicBaseUrl: rt.config.publicBaseUrl }) : null,
    });
    await links.markAddressVerified(used.address.id, now);

    const fallback = new URL(rt.config.flowUiUrl('verification').href);
    fallback.searchParams.set('flow', flow.id);
    const after = rt.config.raw.selfservice.flows.verification.after?.default_browser_return_url ?? fallback.href;
    return reply.code(303).header('location', secureRedirectTo(new URL(flow.requestUrl), after, rt.redirectCheck)).send();
  }
}
