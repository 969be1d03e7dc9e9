/** The courier's message model (courier.md §1, datamodel.md §6). */

/** Template kinds; `stub` exists for tests only. */
export type TemplateType = 'recovery_valid' | 'recovery_invalid' | 'verification_valid' | 'verification_invalid' | 'stub';

export const TEMPLATE_TYPES: readonly TemplateType[] = [
  'recovery_valid',
  'recovery_invalid',
  'verification_valid',
  'verification_invalid',
  'stub',
];

/** `courier_messages.status`. */
export const MessageStatus = { queued: 1, sent: 2, processing: 3 } as const;
export type MessageStatus = (typeof MessageStatus)[keyof typeof MessageStatus];

/** `courier_messages.type`: only email exists. */
export const MESSAGE_TYPE_EMAIL = 1;

/** A queued email: subject and plain body rendered at enqueue time, HTML rendered at send time. */
export interface CourierMessage {
  id: string;
  type: typeof MESSAGE_TYPE_EMAIL;
  status: MessageStatus;
  recipient: string;
  subject: string;
  body: string;
  templateType: TemplateType;
  /** The template model (`To`, `RecoveryURL`, `VerificationURL`, `Identity`, …). */
  templateData: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}
