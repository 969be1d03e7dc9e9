import { createHasher, type Hasher } from '../../../hash/index.js';
import type { Identity } from '../../../identity/identity.js';
import type { IdentityManager } from '../../../identity/manager.js';
import * as text from '../../../text/index.js';
import {
  fieldError,
  FieldValidationError,
  findNode,
  flattenTraits,
  setNodeValue,
  inputNode,
  submitNode,
  traitNodesFromSchema,
  upsertNode,
  type UiContainer,
} from '../../../ui/index.js';
import { decodeFlowBody } from '../../flow/decode.js';
import { verifySubmitOrigin, type FlowRuntime } from '../../flow/runtime.js';
import { NOT_RESPONSIBLE, type RegistrationContext, type RegistrationStrategy, type StrategyResult } from '../strategy.js';
import { passwordPolicyReason, PasswordPolicy } from './policy.js';

const REGISTRATION_BODY = {
  fields: {
    method: { type: 'string' as const },
    password: { type: 'string' as const },
    csrf_token: { type: 'string' as const },
    traits: { type: 'object' as const },
  },
  required: ['method', 'password'],
};

/** Throws the policy/hasher failure as message 4000005 on the password field. */
export function policyFieldError(err: unknown): never {
  const reason = passwordPolicyReason(err);
  if (reason !== undefined) throw new FieldValidationError(fieldError('#/password', text.validationPasswordPolicy(reason)));
  throw err;
}

/** Password registration (flows.md §4.2, ui.md §5.3). */
export class PasswordRegistrationStrategy implements RegistrationStrategy {
  readonly id = 'password' as const;
  private readonly hasher: Hasher;

  constructor(
    private readonly rt: FlowRuntime,
    private readonly identityManager: IdentityManager,
    private readonly policy: PasswordPolicy,
  ) {
    this.hasher = createHasher(rt.config);
  }

  async populateRegistration(ui: UiContainer): Promise<void> {
    const schema = await this.rt.schemas.getParsed('default');
    for (const node of traitNodesFromSchema(schema, 'password')) upsertNode(ui, node);
    upsertNode(ui, inputNode('password', 'password', 'password', { required: true, label: text.labelPassword() }));
    ui.nodes.push(submitNode('password', 'password', text.registrationSignUp())); // appended: every method has its own `method` button
  }

  prepareRetry(ui: UiContainer, ctx: RegistrationContext): void {
    // Only inputs the schema produced get the submitted values; unknown keys add no nodes.
    for (const [key, value] of flattenTraits(ctx.submitted?.traits ?? {})) {
      if (findNode(ui, `traits.${key}`)) setNodeValue(ui, `traits.${key}`, value);
    }
  }

  async register(ctx: RegistrationContext & { method: string }): Promise<StrategyResult<{ identity: Identity }>> {
    if (ctx.method !== 'password') return NOT_RESPONSIBLE;
    const identitySchema = await this.rt.schemas.getParsed('default');
    const body = await decodeFlowBody(ctx.req, { schema: REGISTRATION_BODY, identitySchema, methods: ['POST', 'PUT', 'PATCH'] });
    ctx.submitted = { traits: body.traits };
    verifySubmitOrigin(this.rt, ctx.req, ctx.flow, body);
    const password = typeof body.password === 'string' ? body.password : '';
    if (!password) throw new FieldValidationError(fieldError('#/password', text.validationRequired('password')));

    const identity = await this.identityManager.build({ schemaId: 'default', state: '', traits: body.traits ?? {} });
    const identifiers = identity.credentials?.password?.identifiers ?? [];
    if (identifiers.length === 0) throw new FieldValidationError(fieldError('#/', text.validationIdentifierMissing()));
    try {
      for (const id of identifiers) await this.policy.validate(id, password);
      const hashed = await this.hasher.generate(password);
      identity.credentials!.password!.config = { hashed_password: hashed };
    } catch (err) {
      policyFieldError(err);
    }
    ctx.flow.active = 'password';
    return { kind: 'done', identity };
  }
}
