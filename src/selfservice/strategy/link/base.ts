import type { FastifyReply } from 'fastify';
import type { UiContainer } from '../../../ui/index.js';
import { CHALLENGE_RULES } from '../../flow/challenge/kinds.js';
import { strategyDisabled } from '../../flow/errors.js';
import type { ChallengeFlow } from '../../flow/flow.js';
import type { FlowRuntime } from '../../flow/runtime.js';
import { NOT_RESPONSIBLE, type ChallengeContext, type ChallengeStrategy, type StrategyResult } from '../strategy.js';
import { LINK_METHOD, populateEmailForm, showSubmittedEmail, submitEmail, submittedEmail } from './form.js';
import type { LinkPersister } from './persister.js';
import type { LinkSender } from './sender.js';
import { isLinkTokenShaped, linkTokenCandidates } from './token.js';

export interface LinkStrategyDeps {
  rt: FlowRuntime;
  links: LinkPersister;
  sender: LinkSender;
  /** Whether `selfservice.methods.link.enabled`. */
  enabled: boolean;
}

/**
 * What recovery and verification by link share: the email form, the choice between a form
 * submission and a link click, and the answers to a disabled method or a completed flow.
 */
export abstract class LinkChallengeStrategy implements ChallengeStrategy {
  readonly id = LINK_METHOD;

  constructor(protected readonly d: LinkStrategyDeps) {}

  /** Queues the mail for an address someone typed in. */
  protected abstract send(flow: ChallengeFlow, email: string): Promise<void>;
  /** Handles a link click (`?token=`). */
  protected abstract useToken(ctx: ChallengeContext): Promise<FastifyReply>;

  populate(ui: UiContainer): void {
    // Disabled methods are still consulted on submit but add no nodes (flows.md §11).
    if (this.d.enabled) populateEmailForm(ui);
  }

  prepareRetry(ui: UiContainer, ctx: ChallengeContext): void {
    const email = submittedEmail(ctx);
    if (email !== undefined) showSubmittedEmail(ui, email);
  }

  async submit(ctx: ChallengeContext): Promise<StrategyResult<{ reply: FastifyReply }>> {
    if (!ctx.token && ctx.method !== LINK_METHOD) return NOT_RESPONSIBLE;
    if (!this.d.enabled) throw strategyDisabled();
    if (ctx.token) return { kind: 'done', reply: await this.useToken(ctx) };
    if (ctx.flow.state === 'passed_challenge') {
      const message = CHALLENGE_RULES[ctx.flow.kind].alreadyDone();
      return { kind: 'done', reply: await ctx.flows.retry(ctx.req, ctx.reply, ctx.flow.type, message) };
    }
    return { kind: 'done', reply: await submitEmail(this.d.rt, ctx, (email) => this.send(ctx.flow, email)) };
  }

  /**
   * Consumes the link's token — an expired one is spent too (datamodel.md §5). A bad or expired
   * token sends the browser to a new flow carrying the reason; links are browser-only.
   */
  protected async consumeToken<T extends { expiresAt: Date }>(
    ctx: ChallengeContext,
    use: (hashes: readonly string[], now: Date) => Promise<T | null>,
  ): Promise<{ used: T; now: Date } | { reply: FastifyReply }> {
    const { rt } = this.d;
    const rules = CHALLENGE_RULES[ctx.flow.kind];
    const now = rt.clock.now();
    const used = isLinkTokenShaped(ctx.token) ? await use(linkTokenCandidates(rt.config.secretsCookie, ctx.token), now) : null;
    if (!used) return { reply: await ctx.flows.retry(ctx.req, ctx.reply, 'browser', rules.tokenInvalid()) };
    if (used.expiresAt.getTime() <= now.getTime()) {
      const message = rules.expired(now.getTime() - used.expiresAt.getTime(), now);
      return { reply: await ctx.flows.retry(ctx.req, ctx.reply, 'browser', message) };
    }
    return { used, now };
  }
}
