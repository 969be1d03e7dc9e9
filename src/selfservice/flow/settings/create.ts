import type { FastifyRequest } from 'fastify';
import type { Identity } from '../../../identity/identity.js';
import type { UiText } from '../../../text/index.js';
import { addMessage, fromWire, schemaLeafPaths, settingsOrder, sortContainer, toWire, type UiContainer } from '../../../ui/index.js';
import type { SettingsStrategy } from '../../strategy/strategy.js';
import type { FlowType, SettingsFlow } from '../flow.js';
import { newFlowBase, type FlowRuntime } from '../runtime.js';

export async function settingsSorter(rt: FlowRuntime, identity: Identity): Promise<(ui: UiContainer) => void> {
  const paths = schemaLeafPaths(await rt.schemas.getParsed(identity.schemaId));
  return (ui) => sortContainer(ui, settingsOrder(paths));
}

/** A settings UI built from scratch for the identity (also used to rebuild after success). */
export async function buildSettingsUi(
  rt: FlowRuntime,
  strategies: readonly SettingsStrategy[],
  req: FastifyRequest,
  flow: SettingsFlow,
  identity: Identity,
): Promise<UiContainer> {
  const base = newFlowBase(rt, req, 'settings', flow.type);
  const ui = fromWire(base.ui);
  ui.action = fromWire(flow.ui).action;
  for (const s of strategies) await s.populateSettings(ui, { req, flow, identity });
  (await settingsSorter(rt, identity))(ui);
  return ui;
}

/** Builds, populates and stores a new settings flow (flows.md §4.3). */
export async function createSettingsFlow(
  rt: FlowRuntime,
  strategies: readonly SettingsStrategy[],
  req: FastifyRequest,
  type: FlowType,
  identity: Identity,
  o: { requestUrl?: string; message?: UiText } = {},
): Promise<SettingsFlow> {
  const flow: SettingsFlow = { ...newFlowBase(rt, req, 'settings', type), kind: 'settings', identityId: identity.id, state: 'show_form' };
  if (o.requestUrl) flow.requestUrl = o.requestUrl;
  const ui = await buildSettingsUi(rt, strategies, req, flow, identity);
  if (o.message) addMessage(ui, o.message);
  flow.ui = toWire(ui) as unknown as Record<string, unknown>;
  await rt.flows.createFlow(flow);
  return flow;
}
