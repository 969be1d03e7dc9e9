/**
 * A paused action kept server-side (flows.md §8, datamodel.md §7): the continuity cookie maps
 * a container name to the container id.
 */
export interface ContinuityContainer {
  id: string;
  /** e.g. `ory_kratos_settings_password`, `ory_kratos_oidc_auth_code_session`. */
  name: string;
  /** Set when the container is bound to an identity (paused settings updates). */
  identityId: string | null;
  /** Any JSON value (paused submit body, OIDC state); `null` when there is none. */
  payload: unknown;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Storage of continuity containers. Expiry and identity checks belong to the caller: expired
 * containers are returned like any other, so the caller can tell "expired" from "missing".
 * Deleting the identity a container is bound to deletes the container.
 */
export interface ContinuityPersister {
  /**
   * Inserts the container, or replaces the stored one with the same id (`createdAt` is kept);
   * conflict (409) when the id belongs to another network.
   */
  saveContainer(c: ContinuityContainer): Promise<void>;
  /** Null when no container has this id in the current network, or the id is not a UUID. */
  getContainer(id: string): Promise<ContinuityContainer | null>;
  /** Deletes the container; a missing one is not an error. */
  deleteContainer(id: string): Promise<void>;
}
