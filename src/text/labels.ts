import { TextId } from './ids.js';
import { info } from './message.js';
import type { UiText } from './message.js';

/** 1070001 — label of `password` inputs. */
export const labelPassword = (): UiText => info(TextId.LabelPassword, 'Password');

/** 1070002 — label of a schema-generated input: the schema `title`. */
export const labelGenerated = (title: string): UiText => info(TextId.LabelGenerated, title);

/** 1070003 — label of the settings submit buttons. */
export const labelSave = (): UiText => info(TextId.LabelSave, 'Save');

/** 1070004 — label of `password_identifier`. */
export const labelId = (): UiText => info(TextId.LabelId, 'ID');

/** 1070005 — label of the recovery/verification submit. */
export const labelSubmit = (): UiText => info(TextId.LabelSubmit, 'Submit');

/** 1070006 — label of `totp_code` in settings. */
export const labelVerifyCode = (): UiText => info(TextId.LabelVerifyCode, 'Verify code');

/** 1070007 — label of `email` in recovery/verification. */
export const labelEmail = (): UiText => info(TextId.LabelEmail, 'Email');
