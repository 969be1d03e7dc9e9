import { badRequest, GatehouseError } from '../../../http/errors.js';
import * as text from '../../../text/index.js';
import type { UiText } from '../../../text/index.js';

import type { ChallengeKind } from '../flow.js';

export type { ChallengeKind };

interface KindRules {
  /** Init, fetch and submit answer 400 with this reason when the flow is switched off. */
  disabled: () => GatehouseError;
  /** Submit of an unknown flow id. */
  notFound: () => GatehouseError;
  expired: (agoMs: number, now: Date) => UiText;
  noStrategy: () => UiText;
  /** Email submitted: the flow message of `sent_email`. */
  sent: () => UiText;
  /** Submit after `passed_challenge`. */
  alreadyDone: () => UiText;
  tokenInvalid: () => UiText;
  /** Recovery refuses signed-in people; verification does not care (api.md §5, §6). */
  refusesSession: boolean;
  /** Browser redirect after an email submission (api.md §5.4 a, §6.3 a). */
  sentRedirect: 302 | 303;
}

export const CHALLENGE_RULES: Record<ChallengeKind, KindRules> = {
  recovery: {
    disabled: () => badRequest('Recovery is not allowed because it was disabled.'),
    notFound: () => new GatehouseError(404, { reason: 'The recovery request could not be found. Please restart the flow.' }),
    expired: (agoMs, now) => text.recoveryFlowExpired(agoMs, now),
    noStrategy: text.recoveryNoStrategy,
    sent: text.recoveryEmailSent,
    alreadyDone: text.recoveryRetrySuccess,
    tokenInvalid: text.recoveryTokenInvalid,
    refusesSession: true,
    sentRedirect: 303,
  },
  verification: {
    disabled: () => badRequest('Verification is not allowed because it was disabled.'),
    notFound: () => new GatehouseError(404, { reason: 'The verification request could not be found. Please restart the flow.' }),
    expired: (agoMs, now) => text.verificationFlowExpired(agoMs, now),
    noStrategy: text.verificationNoStrategy,
    sent: text.verificationEmailSent,
    alreadyDone: text.verificationRetrySuccess,
    tokenInvalid: text.verificationTokenInvalid,
    refusesSession: false,
    sentRedirect: 302,
  },
};

export const recoverySessionPresent = () => badRequest('A valid session was detected and thus recovery is not possible.');
