import { comparePassword, createHasher, fakeCompare, isHashOfAlgorithm, type Hasher } from '../../../hash/index.js';
import { identityDisabled } from '../../flow/errors.js';
import { decodeFlowBody } from '../../flow/decode.js';
import { verifySubmitOrigin, type FlowRuntime } from '../../flow/runtime.js';
import * as text from '../../../text/index.js';
import { fieldError, FieldValidationError, inputNode, setNodeValue, submitNode, upsertNode, type UiContainer } from '../../../ui/index.js';
import { NOT_RESPONSIBLE, type LoginContext, type LoginStrategy, type StrategyResult } from '../strategy.js';
import type { Identity } from '../../../identity/identity.js';

const LOGIN_BODY = {
  fields: {
    method: { type: 'string' as const },
    password_identifier: { type: 'string' as const },
    password: { type: 'string' as const },
    csrf_token: { type: 'string' as const },
  },
  required: ['method', 'password_identifier', 'password'],
};

/** Password login (flows.md §4.1, ui.md §5.2). */
export class PasswordLoginStrategy implements LoginStrategy {
  readonly id = 'password' as const;
  private readonly hasher: Hasher;

  constructor(private readonly rt: FlowRuntime) {
    this.hasher = createHasher(rt.config);
  }

  async populateLogin(ui: UiContainer, ctx: LoginContext): Promise<void> {
    if (ctx.flow.requestedAal !== 'aal1') return;
    const identifier = ctx.flow.refresh && ctx.session ? (ctx.session.identity.credentials?.password?.identifiers[0] ?? '') : '';
    upsertNode(ui, inputNode('password_identifier', 'password', 'text', { value: identifier, required: true, label: text.labelId() }));
    upsertNode(ui, inputNode('password', 'password', 'password', { required: true, label: text.labelPassword() }));
    ui.nodes.push(submitNode('password', 'password', text.loginSignIn())); // appended: every method has its own `method` button
  }

  prepareRetry(ui: UiContainer, ctx: LoginContext): void {
    setNodeValue(ui, 'password', undefined);
    const identifier = ctx.submitted?.password_identifier;
    if (typeof identifier === 'string') setNodeValue(ui, 'password_identifier', identifier);
  }

  async login(ctx: LoginContext & { method: string }): Promise<StrategyResult<{ identity: Identity }>> {
    if (ctx.method !== 'password' || ctx.flow.requestedAal !== 'aal1') return NOT_RESPONSIBLE;
    const body = await decodeFlowBody(ctx.req, { schema: LOGIN_BODY, methods: ['POST', 'PUT', 'PATCH'] });
    verifySubmitOrigin(this.rt, ctx.req, ctx.flow, body);
    const identifier = typeof body.password_identifier === 'string' ? body.password_identifier : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const missing = [
      ...(identifier ? [] : [fieldError('#/password_identifier', text.validationRequired('password_identifier'))]),
      ...(password ? [] : [fieldError('#/password', text.validationRequired('password'))]),
    ];
    ctx.submitted = { password_identifier: identifier };
    if (missing.length > 0) throw new FieldValidationError(missing);

    const identity = await this.rt.identities.findByCredentialIdentifier('password', identifier.toLowerCase());
    const hash = identity?.credentials?.password?.config.hashed_password;
    if (!identity || typeof hash !== 'string' || hash === '') {
      await fakeCompare(this.rt.config, password);
      throw new FieldValidationError(fieldError('#/', text.validationInvalidCredentials()));
    }
    if (!(await comparePassword(password, hash))) {
      throw new FieldValidationError(fieldError('#/', text.validationInvalidCredentials()));
    }
    if (identity.state !== 'active') throw identityDisabled();
    await this.rehashIfNeeded(identity, password, hash);
    ctx.flow.active = 'password';
    return { kind: 'done', identity };
  }

  /** Transparent re-hash: a hash of another algorithm is replaced after a successful login. */
  private async rehashIfNeeded(identity: Identity, password: string, hash: string): Promise<void> {
    if (isHashOfAlgorithm(hash, this.hasher.algorithm)) return;
    const cred = identity.credentials?.password;
    if (!cred) return;
    try {
      cred.config = { ...cred.config, hashed_password: await this.hasher.generate(password) };
      cred.updatedAt = this.rt.clock.now();
      await this.rt.identities.updateIdentity(identity);
    } catch {
      // Keeping the old hash is harmless; the next login tries again.
    }
  }
}
