/** One schema migration: plain SQL statements run in order inside one transaction. */
export interface Migration {
  /** Sortable, unique name (`YYYYMMDDhhmmss_description`). */
  readonly name: string;
  readonly statements: readonly string[];
}
