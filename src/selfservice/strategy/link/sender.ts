import type { CourierMessage, TemplateType } from '../../../courier/message.js';
import type { Identity, VerifiableAddress } from '../../../identity/identity.js';
import type { IdentityPool } from '../../../identity/pool.js';
import { identityToWire } from '../../../identity/wire.js';
import type { Config } from '../../../config/config.js';
import type { Clock } from '../../../x/time.js';
import { newId } from '../../../x/random.js';
import { joinUrl } from '../../../x/url.js';
import type { LinkPersister } from './persister.js';
import { hashLinkToken, newLinkToken } from './token.js';

/** The flow a link points to. */
type FlowRef = { readonly id: string };

/** The part of the courier the link method uses. */
export interface MailComposer {
  compose(type: TemplateType, recipient: string, model: Record<string, unknown>): Promise<CourierMessage>;
  enqueue(type: TemplateType, recipient: string, model: Record<string, unknown>): Promise<CourierMessage>;
}

export interface LinkSenderDeps {
  config: Config;
  clock: Clock;
  identities: IdentityPool;
  links: LinkPersister;
  courier: MailComposer;
}

/**
 * Creates link tokens and queues the mails that carry them (courier.md §5). The token row, the
 * mail and the address status are written in one transaction, so a mail never points at a
 * token that was not stored, and a stored token always has its mail queued.
 */
export class LinkSender {
  constructor(private readonly d: LinkSenderDeps) {}

  /** `<public>/self-service/<kind>?flow=<id>&token=<token>` (query keys in alphabetical order). */
  linkUrl(kind: 'recovery' | 'verification', flowId: string, token: string): string {
    const url = joinUrl(this.d.config.publicBaseUrl, `/self-service/${kind}`);
    url.searchParams.set('flow', flowId);
    url.searchParams.set('token', token);
    return url.href;
  }

  #identityModel(identity: Identity): Record<string, unknown> {
    return identityToWire(identity, { publicBaseUrl: this.d.config.publicBaseUrl });
  }

  #window(lifespanMs = this.d.config.linkLifespanMs) {
    const issuedAt = this.d.clock.now();
    return { issuedAt, expiresAt: new Date(issuedAt.getTime() + lifespanMs) };
  }

  #secret(): string {
    return this.d.config.secretsCookie[0] as string;
  }

  /** Recovery submission: a link to a known address, a notice to an unknown one. */
  async sendRecoveryLink(flow: FlowRef, email: string): Promise<void> {
    const address = await this.d.links.findRecoveryAddress(email);
    if (!address) {
      await this.d.courier.enqueue('recovery_invalid', email, { To: email });
      return;
    }
    const identity = await this.d.identities.getIdentity(address.identityId);
    const token = newLinkToken();
    const mail = await this.d.courier.compose('recovery_valid', address.value, {
      To: address.value,
      RecoveryURL: this.linkUrl('recovery', flow.id, token),
      Identity: this.#identityModel(identity),
    });
    await this.d.links.createRecoveryToken(
      { id: newId(), hash: hashLinkToken(this.#secret(), token), identityId: identity.id, addressId: address.id, flowId: flow.id, ...this.#window() },
      mail,
    );
  }

  /** Verification submission: a link to a known address, a notice to an unknown one. */
  async sendVerificationLink(flow: FlowRef, email: string): Promise<void> {
    const address = await this.d.links.findVerifiableAddress(email);
    if (!address) {
      await this.d.courier.enqueue('verification_invalid', email, { To: email });
      return;
    }
    const identity = await this.d.identities.getIdentity(address.identityId);
    await this.sendVerificationTo(flow, identity, address);
  }

  /** Queues the verification mail of one of the identity's addresses; its status becomes `sent`. */
  async sendVerificationTo(flow: FlowRef, identity: Identity, address: Pick<VerifiableAddress, 'id' | 'value'>): Promise<void> {
    const token = newLinkToken();
    const mail = await this.d.courier.compose('verification_valid', address.value, {
      To: address.value,
      VerificationURL: this.linkUrl('verification', flow.id, token),
      Identity: this.#identityModel(identity),
    });
    await this.d.links.createVerificationToken(
      { id: newId(), hash: hashLinkToken(this.#secret(), token), addressId: address.id, flowId: flow.id, ...this.#window() },
      mail,
    );
  }

  /** A recovery token for the admin endpoint: no address, no flow, no mail. Returns the token. */
  async createAdminRecoveryToken(identityId: string, lifespanMs: number): Promise<{ token: string; expiresAt: Date }> {
    const token = newLinkToken();
    const window = this.#window(lifespanMs);
    await this.d.links.createRecoveryToken(
      { id: newId(), hash: hashLinkToken(this.#secret(), token), identityId, addressId: null, flowId: null, ...window },
      null,
    );
    return { token, expiresAt: window.expiresAt };
  }
}
