/** The UI message catalogue (ui.md §7): `import * as text from '../text/index.js'`. */
export type { UiText, UiTextType } from './message.js';
export type { TextIdName } from './ids.js';
export { TextId } from './ids.js';
export { goFixed2, goTimeString, minutesText } from './format.js';
export * from './login.js';
export * from './registration.js';
export * from './settings.js';
export * from './recovery.js';
export * from './labels.js';
export * from './verification.js';
export * from './validation.js';
export * from './flow-errors.js';
export * from './system.js';
