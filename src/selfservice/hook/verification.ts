import type { FastifyRequest } from 'fastify';
import type { Identity } from '../../identity/identity.js';
import type { ChallengeFlows } from '../flow/challenge/service.js';
import type { Flow } from '../flow/flow.js';
import type { FlowRuntime } from '../flow/runtime.js';
import type { LinkSender } from '../strategy/link/sender.js';

/**
 * The `request_url` of a verification flow started by another flow (flows.md §4.5): the
 * original's, with `after_verification_return_to` moved to `return_to` (an original
 * `return_to` is dropped; an absent one leaves `return_to=`), query keys sorted as Go does.
 */
export function verificationRequestUrl(original: string): string {
  const url = new URL(original);
  const after = url.searchParams.get('after_verification_return_to') ?? '';
  url.searchParams.delete('after_verification_return_to');
  url.searchParams.set('return_to', after);
  url.searchParams.sort();
  return url.href;
}

/**
 * The implicit verification hook of registration and settings: every verifiable address still
 * `pending` gets a verification flow of the original flow's type and a mail with its link.
 */
export class VerificationHook {
  constructor(
    private readonly rt: FlowRuntime,
    private readonly flows: ChallengeFlows,
    private readonly sender: LinkSender,
  ) {}

  async afterIdentityWrite(req: FastifyRequest, original: Flow, identity: Identity): Promise<void> {
    if (!this.rt.config.flowEnabled('verification')) return;
    for (const address of identity.verifiableAddresses) {
      if (address.status !== 'pending') continue;
      // Created from this request, so it carries the request's CSRF token like the original.
      const flow = await this.flows.create(req, original.type, { requestUrl: verificationRequestUrl(original.requestUrl) });
      await this.sender.sendVerificationTo(flow, identity, address);
      // The stored row moved to `sent` with the mail; the identity in the response follows.
      address.status = 'sent';
    }
  }
}
