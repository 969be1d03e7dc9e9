import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of a fixture in this folder. */
export const fixturePath = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** `file://<path relative to the working directory>` — the form most configs use. */
export const relativeFileUrl = (name: string): string => `file://${relative(process.cwd(), fixturePath(name))}`;

export const absoluteFileUrl = (name: string): string => `file://${fixturePath(name)}`;

export const readFixture = (name: string): string => readFileSync(fixturePath(name), 'utf8');

export const base64Url = (name: string): string => `base64://${Buffer.from(readFixture(name)).toString('base64')}`;

/** A loopback HTTP server whose answer the test can change; counts the requests it served. */
export interface SchemaServer {
  url: (path?: string) => string;
  hits: () => number;
  respond: (status: number, body: string) => void;
  close: () => Promise<void>;
}

export async function startSchemaServer(body: string): Promise<SchemaServer> {
  let status = 200;
  let current = body;
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(status, { 'content-type': 'application/json' }).end(current);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/schema.json') => `http://127.0.0.1:${port}${path}`,
    hits: () => hits,
    respond: (s, b) => {
      status = s;
      current = b;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
