import { internal } from '../../http/errors.js';
import { isUuid } from '../../x/random.js';

/**
 * The column value of a uuid the caller must supply: lower-cased, because ids are compared as
 * text on SQLite and PostgreSQL prints uuids lower-case. Text that is not a UUID is a
 * programming error, rejected here so that both dialects fail alike (PostgreSQL would answer
 * 22P02, mapped to 404; SQLite would store it).
 */
export function uuidColumn(value: string, what: string): string {
  if (!isUuid(value)) throw internal(`The ${what} is not a UUID.`);
  return value.toLowerCase();
}
