import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UiText } from '../../../text/index.js';
import { addMessage, fromWire, toWire, type UiContainer } from '../../../ui/index.js';
import { joinUrl } from '../../../x/url.js';
import type { ChallengeFlow, FlowType } from '../flow.js';
import { ensureCsrfCookie, newFlowBase, redirectToUi, type FlowRuntime } from '../runtime.js';
import type { ChallengeKind } from './kinds.js';

/** What a recovery/verification method contributes to a new flow's UI. */
export interface ChallengePopulator {
  populate(ui: UiContainer, flow: ChallengeFlow): void;
}

export interface NewChallengeFlowOptions {
  /** Keep this `request_url` (a flow replacing an expired one, or one derived from another flow). */
  requestUrl?: string;
  /** Overrides the configured lifespan (admin links: the time left on the token). */
  lifespanMs?: number;
  /** A flow message the flow is stored with (why it replaces another). */
  message?: UiText;
}

/**
 * Creation and replacement of recovery / verification flows, shared by the routes and the
 * methods (a method answers some submits with a fresh flow carrying a message).
 */
export class ChallengeFlows {
  constructor(
    readonly rt: FlowRuntime,
    readonly kind: ChallengeKind,
    private readonly methods: readonly ChallengePopulator[],
  ) {}

  /** Builds, populates and stores a new flow in state `choose_method`. */
  async create(req: FastifyRequest, type: FlowType, o: NewChallengeFlowOptions = {}): Promise<ChallengeFlow> {
    const base = newFlowBase(this.rt, req, this.kind, type);
    if (o.requestUrl) base.requestUrl = o.requestUrl;
    if (o.lifespanMs !== undefined) base.expiresAt = new Date(base.issuedAt.getTime() + o.lifespanMs);
    const flow = (
      this.kind === 'recovery'
        ? { ...base, kind: 'recovery', state: 'choose_method', recoveredIdentityId: null }
        : { ...base, kind: 'verification', state: 'choose_method' }
    ) as ChallengeFlow;
    const ui = fromWire(flow.ui);
    for (const m of this.methods) m.populate(ui, flow);
    if (o.message) addMessage(ui, o.message);
    flow.ui = toWire(ui) as unknown as Record<string, unknown>;
    await this.rt.flows.createFlow(flow);
    return flow;
  }

  /** `<public>/self-service/<kind>/flows?id=<id>`: where API clients are sent. */
  flowsEndpoint(id: string): string {
    const url = joinUrl(this.rt.config.publicBaseUrl, `/self-service/${this.kind}/flows`);
    url.searchParams.set('id', id);
    return url.href;
  }

  /**
   * Replaces the flow by a new one carrying `message` and sends the client there with a 303:
   * browsers to the UI, API clients (and JSON requests, when `json`) to the flow endpoint.
   */
  async retry(
    req: FastifyRequest,
    reply: FastifyReply,
    type: FlowType,
    message: UiText,
    o: NewChallengeFlowOptions & { json?: boolean } = {},
  ): Promise<FastifyReply> {
    if (type === 'browser') ensureCsrfCookie(this.rt, req, reply);
    const fresh = await this.create(req, type, { ...o, message });
    if (type === 'api' || o.json) return reply.code(303).header('location', this.flowsEndpoint(fresh.id)).send();
    return redirectToUi(this.rt, reply, this.kind, fresh.id, 303);
  }
}
