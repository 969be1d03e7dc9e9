export declare function freePort(): Promise<number>;
export interface EmbeddedPostgresServer {
  /** `postgres://postgres:…@127.0.0.1:<port>/postgres` */
  url: string;
  stop(): Promise<void>;
}
export declare function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer>;
