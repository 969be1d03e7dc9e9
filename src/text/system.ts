import { TextId } from './ids.js';
import { error } from './message.js';
import type { UiText } from './message.js';

/** 5000001 — defined, unused. */
export const systemGeneric = (reason: string): UiText => error(TextId.SystemGeneric, reason, {});
