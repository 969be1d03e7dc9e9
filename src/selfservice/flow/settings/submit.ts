import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '../../../http/errors.js';
import type { Identity } from '../../../identity/identity.js';
import { identityToWire } from '../../../identity/wire.js';
import * as text from '../../../text/index.js';
import { addMessage, fieldError, FieldValidationError, toWire } from '../../../ui/index.js';
import { joinUrl } from '../../../x/url.js';
import { afterHookConfigs, afterReturnUrl, runWebHooks } from '../../hook/run.js';
import { flowToWire } from '../wire.js';
import type { SettingsContext, SettingsStrategy } from '../../strategy/strategy.js';
import type { VerificationHook } from '../../hook/verification.js';
import { pause, resume, type ContinuityDeps } from '../continuity.js';
import { decodeFlowBody } from '../decode.js';
import { badRequest } from '../../../http/errors.js';

import type { SettingsFlow } from '../flow.js';
import { isJsonRequest } from '../negotiation.js';
import { answerExpired, forward, respondFlowError, sendFlow } from '../respond.js';
import { type FlowRuntime } from '../runtime.js';
import { secureRedirectTo } from '../return-to.js';
import { buildSettingsUi, createSettingsFlow, settingsSorter } from './create.js';
import type { SettingsSession } from './routes.js';

const PAUSE_LIFESPAN_MS = 15 * 60_000;
export const containerName = (strategy: string) => `ory_kratos_settings_${strategy}`;

/** Everything any settings strategy reads from a submit (api.md §4.4). */
const SETTINGS_BODY = {
  fields: {
    method: { type: 'string' as const },
    password: { type: 'string' as const },
    csrf_token: { type: 'string' as const },
    traits: { type: 'object' as const },
  },
  required: ['method'],
};

export function needsPrivilegedSession(redirectTo: string) {
  return forbidden('The login session is too old and thus not allowed to update these fields. Please re-authenticate.', {
    id: 'session_refresh_required',
    extra: { redirect_browser_to: redirectTo },
    noRequestId: true,
  });
}

/** Replays a settings update paused for re-authentication, if this flow has one. */
async function resumedPayload(
  req: FastifyRequest,
  reply: FastifyReply,
  continuity: ContinuityDeps,
  strategies: readonly SettingsStrategy[],
  flow: SettingsFlow,
  identity: Identity,
): Promise<Record<string, unknown> | null> {
  if (req.method !== 'GET') return null;
  for (const s of strategies) {
    const payload = (await resume(req, reply, continuity, { name: containerName(s.id), identityId: identity.id })) as Record<
      string,
      unknown
    > | null;
    if (payload && payload.flow === flow.id) return payload;
  }
  return null;
}

/** `POST|GET /self-service/settings?flow=` once session, AAL and flow are known (api.md §4.4). */
export async function submitSettings(
  rt: FlowRuntime,
  strategies: readonly SettingsStrategy[],
  continuity: ContinuityDeps,
  verification: VerificationHook,
  req: FastifyRequest,
  reply: FastifyReply,
  flow: SettingsFlow,
  s: SettingsSession,
): Promise<FastifyReply> {
  const json = flow.type === 'api' || isJsonRequest(req.headers);
  const now = rt.clock.now();
  const wireExtra = { identity: identityToWire(s.identity, { publicBaseUrl: rt.config.publicBaseUrl }) };
  const sort = await settingsSorter(rt, s.identity);

  if (flow.expiresAt.getTime() <= now.getTime()) {
    const fresh = await createSettingsFlow(rt, strategies, req, flow.type, s.identity, { requestUrl: flow.requestUrl });
    return answerExpired(rt, req, reply, flow, fresh, text.settingsFlowExpired(now.getTime() - flow.expiresAt.getTime(), now), json);
  }

  const ctx: SettingsContext = { req, flow, identity: s.identity, payload: {}, resumed: false };
  let responsible: SettingsStrategy | undefined;
  try {
    if (flow.identityId !== s.identity.id) {
      throw badRequest('You must restart the flow because the resumable session was initiated by another person.');
    }
    const paused = await resumedPayload(req, reply, continuity, strategies, flow, s.identity);
    ctx.resumed = paused !== null;
    ctx.payload =
      paused ?? (await decodeFlowBody(req, { schema: SETTINGS_BODY, identitySchema: await rt.schemas.getParsed(s.identity.schemaId), methods: ['POST', 'PUT', 'PATCH'] }));
    const method = typeof ctx.payload.method === 'string' ? ctx.payload.method : '';
    for (const strategy of strategies) {
      // Known before it runs, so a failure is shown with the submitted values (ui.md §5.4).
      if (strategy.id === method) responsible = strategy;
      const r = await strategy.settings(Object.assign(ctx, { method }));
      if (r.kind === 'not-responsible') continue;
      responsible = strategy;
      const privilegedUntil = s.session.session.authenticatedAt.getTime() + rt.config.privilegedSessionMaxAgeMs;
      if (r.privileged && privilegedUntil < now.getTime()) {
        const here = joinUrl(rt.config.publicBaseUrl, `/self-service/settings?flow=${flow.id}`).href;
        const to = joinUrl(rt.config.publicBaseUrl, '/self-service/login/browser');
        to.searchParams.set('refresh', 'true');
        to.searchParams.set('return_to', here);
        // Browser flows keep the update for after re-authentication, SPAs included.
        if (flow.type === 'browser') {
          await pause(req, reply, continuity, {
            name: containerName(strategy.id),
            identityId: s.identity.id,
            payload: { ...ctx.payload, flow: flow.id },
            lifespanMs: PAUSE_LIFESPAN_MS,
          });
        }
        if (json) return forward(rt, req, reply, needsPrivilegedSession(to.href));
        return reply.code(303).header('location', to.href).send();
      }
      return await finish(rt, strategies, verification, req, reply, flow, r.identity, strategy.id, json);
    }
    throw new FieldValidationError(fieldError('#/', text.settingsNoStrategy()));
  } catch (err) {
    return respondFlowError(rt, req, reply, flow, err, {
      prepare: (ui) => responsible?.prepareRetry?.(ui, ctx),
      sort,
      wireExtra,
    });
  }
}

/** Store the identity, rebuild the UI with 1050001, answer (flows.md §4.3). */
async function finish(
  rt: FlowRuntime,
  strategies: readonly SettingsStrategy[],
  verification: VerificationHook,
  req: FastifyRequest,
  reply: FastifyReply,
  flow: SettingsFlow,
  identity: Identity,
  method: string,
  json: boolean,
): Promise<FastifyReply> {
  try {
    await rt.identities.updateIdentity(identity);
  } catch (err) {
    if ((err as { status?: number }).status === 409) throw new FieldValidationError(fieldError('#/', text.validationDuplicateCredentials()));
    throw err;
  }
  const stored = await rt.identities.getIdentity(identity.id, { withCredentials: true });
  const ui = await buildSettingsUi(rt, strategies, req, flow, stored);
  addMessage(ui, text.settingsSaved());
  flow.ui = toWire(ui) as unknown as Record<string, unknown>;
  flow.state = 'success';
  flow.updatedAt = rt.clock.now();
  await rt.flows.updateFlow(flow);
  // The implicit verification hook runs first (flows.md §9).
  await verification.afterIdentityWrite(req, flow, stored);
  const identityWire = identityToWire(stored, { publicBaseUrl: rt.config.publicBaseUrl });
  await runWebHooks(rt.hooks, req, afterHookConfigs(rt.config.raw.selfservice.flows.settings.after, method), {
    flow: flowToWire(flow, { identity: identityWire }),
    identity: identityWire,
  });
  if (json) return sendFlow(reply, 200, flow, { identity: identityToWire(stored, { publicBaseUrl: rt.config.publicBaseUrl }) });
  const fallback = new URL(rt.config.flowUiUrl('settings').href);
  fallback.searchParams.set('flow', flow.id);
  const after = rt.config.raw.selfservice.flows.settings.after;
  const to = secureRedirectTo(new URL(flow.requestUrl), afterReturnUrl(after, method, fallback.href), rt.redirectCheck);
  return reply.code(303).header('location', to).send();
}
