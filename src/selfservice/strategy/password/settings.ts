import { createHasher, type Hasher } from '../../../hash/index.js';
import type { Identity } from '../../../identity/identity.js';
import * as text from '../../../text/index.js';
import { fieldError, FieldValidationError, inputNode, setNodeValue, submitNode, upsertNode, type UiContainer } from '../../../ui/index.js';
import { newId } from '../../../x/random.js';
import { verifySubmitOrigin, type FlowRuntime } from '../../flow/runtime.js';
import { cloneIdentity } from '../profile/settings.js';
import { NOT_RESPONSIBLE, type SettingsContext, type SettingsStrategy, type SettingsUpdate, type StrategyResult } from '../strategy.js';
import type { PasswordPolicy } from './policy.js';
import { policyFieldError } from './registration.js';

/** Password change in settings (ui.md §5.4); always needs a privileged session. */
export class PasswordSettingsStrategy implements SettingsStrategy {
  readonly id = 'password' as const;
  private readonly hasher: Hasher;

  constructor(
    private readonly rt: FlowRuntime,
    private readonly policy: PasswordPolicy,
  ) {
    this.hasher = createHasher(rt.config);
  }

  async populateSettings(ui: UiContainer): Promise<void> {
    upsertNode(ui, inputNode('password', 'password', 'password', { required: true, label: text.labelPassword() }));
    ui.nodes.push(submitNode('password', 'password', text.labelSave())); // appended: every method has its own `method` button
  }

  prepareRetry(ui: UiContainer): void {
    setNodeValue(ui, 'password', undefined);
  }

  async settings(ctx: SettingsContext & { method: string }): Promise<StrategyResult<SettingsUpdate>> {
    if (ctx.method !== 'password') return NOT_RESPONSIBLE;
    if (!ctx.resumed) verifySubmitOrigin(this.rt, ctx.req, ctx.flow, ctx.payload);
    const password = typeof ctx.payload.password === 'string' ? ctx.payload.password : '';
    if (!password) throw new FieldValidationError(fieldError('#/password', text.validationRequired('password')));
    const updated: Identity = cloneIdentity(ctx.identity);
    const now = this.rt.clock.now();
    const creds = (updated.credentials ??= {});
    const identifiers = creds.password?.identifiers ?? [];
    if (identifiers.length === 0) throw new FieldValidationError(fieldError('#/', text.validationIdentifierMissing()));
    try {
      for (const id of identifiers) await this.policy.validate(id, password);
      const hashed = await this.hasher.generate(password);
      creds.password = {
        id: creds.password?.id ?? newId(),
        type: 'password',
        identifiers,
        config: { hashed_password: hashed },
        createdAt: creds.password?.createdAt ?? now,
        updatedAt: now,
      };
    } catch (err) {
      policyFieldError(err);
    }
    updated.updatedAt = now;
    return { kind: 'done', identity: updated, privileged: true };
  }
}
