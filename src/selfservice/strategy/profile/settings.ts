import type { Identity } from '../../../identity/identity.js';
import { applyExtension, type TraitsValidatorLike } from '../../../identity/manager.js';
import * as text from '../../../text/index.js';
import {
  fieldError,
  FieldValidationError,
  fillTraitValues,
  submitNode,
  traitNodesFromSchema,
  upsertNode,
  type UiContainer,
} from '../../../ui/index.js';
import { verifySubmitOrigin, type FlowRuntime } from '../../flow/runtime.js';
import { NOT_RESPONSIBLE, type SettingsContext, type SettingsStrategy, type SettingsUpdate, type StrategyResult } from '../strategy.js';

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * A change is protected when it touches credentials identifiers or the verifiable addresses
 * (identity.md §5 "Protected changes").
 */
export function isProtectedChange(before: Identity, after: Identity): boolean {
  const ids = (i: Identity) => [...(i.credentials?.password?.identifiers ?? [])].sort();
  const addrs = (i: Identity) => i.verifiableAddresses.map((a) => `${a.value}|${a.status}|${a.verified}`).sort();
  return !sameList(ids(before), ids(after)) || !sameList(addrs(before), addrs(after));
}

export function cloneIdentity(i: Identity): Identity {
  return structuredClone(i);
}

/** The profile method of settings: trait updates (ui.md §5.4, flows.md §4.3). */
export class ProfileSettingsStrategy implements SettingsStrategy {
  readonly id = 'profile' as const;

  constructor(
    private readonly rt: FlowRuntime,
    private readonly validator: TraitsValidatorLike,
  ) {}

  async populateSettings(ui: UiContainer, ctx: { identity: Identity }): Promise<void> {
    const schema = await this.rt.schemas.getParsed(ctx.identity.schemaId);
    for (const node of traitNodesFromSchema(schema, 'profile')) upsertNode(ui, node);
    fillTraitValues(ui, ctx.identity.traits, 'profile');
    ui.nodes.push(submitNode('profile', 'profile', text.labelSave())); // appended: every method has its own `method` button
  }

  prepareRetry(ui: UiContainer, ctx: SettingsContext): void {
    if (ctx.payload.traits === undefined) return;
    for (const n of ui.nodes) {
      if (n.group === 'profile' && n.type === 'input' && n.attributes.name.startsWith('traits.')) delete n.attributes.value;
    }
    fillTraitValues(ui, ctx.payload.traits, 'profile');
  }

  async settings(ctx: SettingsContext & { method: string }): Promise<StrategyResult<SettingsUpdate>> {
    if (ctx.method !== 'profile') return NOT_RESPONSIBLE;
    if (!ctx.resumed) verifySubmitOrigin(this.rt, ctx.req, ctx.flow, ctx.payload);
    const traits = ctx.payload.traits;
    if (traits === undefined || traits === null || (typeof traits === 'object' && Object.keys(traits).length === 0)) {
      throw new FieldValidationError(fieldError('#/', text.validationGeneric('Did not receive any value changes.')));
    }
    const updated = cloneIdentity(ctx.identity);
    updated.traits = traits;
    const ext = await this.validator.validate(updated.schemaId, traits);
    const now = this.rt.clock.now();
    applyExtension(updated, ext, now);
    updated.updatedAt = now;
    return { kind: 'done', identity: updated, privileged: isProtectedChange(ctx.identity, updated) };
  }
}
