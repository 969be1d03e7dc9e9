/** The function table every template sees: Go's builtins, then the Sprig subset over them. */
import { BUILTINS } from './builtins.js';
import type { FuncDef, FuncTable } from './func-util.js';
import { SPRIG_COLLECTIONS } from './sprig-collections.js';
import { SPRIG_MATH } from './sprig-math.js';
import { SPRIG_STRINGS } from './sprig-strings.js';

/** Sprig's functions win over builtins of the same name (as with template.Funcs): `slice`. */
export const FUNCS: FuncTable = Object.freeze({ ...BUILTINS, ...SPRIG_STRINGS, ...SPRIG_COLLECTIONS, ...SPRIG_MATH });

/** The function named `name`, if defined (own properties only). */
export function lookupFunc(name: string): FuncDef | undefined {
  return Object.hasOwn(FUNCS, name) ? FUNCS[name] : undefined;
}
