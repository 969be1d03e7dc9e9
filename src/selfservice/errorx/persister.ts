/** A user-facing error stored for the error UI (`GET /self-service/errors?id=`). */
export interface StoredSelfServiceError {
  id: string;
  /** The object rendered under `error` (same fields as inside an envelope). */
  error: Record<string, unknown>;
  csrfToken: string;
  wasSeen: boolean;
  seenAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ErrorPersister {
  /** Stores the error object and returns its new id. */
  addError(csrfToken: string, error: Record<string, unknown>): Promise<string>;
  /** Reads the error and marks it seen; null when unknown. */
  readError(id: string): Promise<StoredSelfServiceError | null>;
}
