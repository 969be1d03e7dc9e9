import type { FastifyRequest } from 'fastify';
import type { SessionWithIdentity } from '../../../session/session.js';
import * as text from '../../../text/index.js';
import { addMessage, fromWire, loginOrder, sortContainer, toWire } from '../../../ui/index.js';
import type { LoginStrategy } from '../../strategy/strategy.js';
import type { FlowType, LoginFlow } from '../flow.js';
import { newFlowBase, type FlowRuntime } from '../runtime.js';

export interface LoginFlowOptions {
  refresh: boolean;
  requestedAal: 'aal1' | 'aal2';
  session: SessionWithIdentity | null;
  /** Keeps the request URL of an expired flow this one replaces. */
  requestUrl?: string;
}

/** Builds, populates and stores a new login flow (flows.md §4.1). */
export async function createLoginFlow(
  rt: FlowRuntime,
  strategies: readonly LoginStrategy[],
  req: FastifyRequest,
  type: FlowType,
  o: LoginFlowOptions,
): Promise<LoginFlow> {
  const flow: LoginFlow = { ...newFlowBase(rt, req, 'login', type), kind: 'login', refresh: o.refresh, requestedAal: o.requestedAal };
  if (o.requestUrl) flow.requestUrl = o.requestUrl;
  const ui = fromWire(flow.ui);
  if (o.session) {
    if (o.refresh) addMessage(ui, text.loginReauth());
    if (o.requestedAal > o.session.session.aal && o.requestedAal > 'aal1') addMessage(ui, text.loginMfa());
  }
  const session = o.session
    ? { ...o.session, identity: await rt.identities.getIdentity(o.session.identity.id, { withCredentials: true }) }
    : null;
  for (const s of strategies) await s.populateLogin(ui, { req, flow, session });
  sortContainer(ui, loginOrder);
  flow.ui = toWire(ui) as unknown as Record<string, unknown>;
  await rt.flows.createFlow(flow);
  return flow;
}
