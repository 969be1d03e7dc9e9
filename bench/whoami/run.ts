/**
 * bench/whoami — req/s and p99 of `GET /sessions/whoami` with a valid session token, beside a
 * trivial JSON route of the same server (`GET /health/alive`: same process, same Fastify
 * instance, same hooks — the framework's own ceiling), on SQLite and then PostgreSQL.
 * Rounds are interleaved (ceiling, whoami, ceiling, whoami, …) and the median is reported.
 *
 *   npm run bench:whoami [-- --seconds 10 --rounds 3 --connections 64 --dialects sqlite,postgres]
 */
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../../test/helpers/pg-server.mjs';
import type { Dialect } from '../../test/helpers/server.js';
import { ensureWrk, median, wrk, type WrkResult } from '../lib/wrk.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '64' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    'log-level': { type: 'string', default: 'info' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

interface Row {
  dialect: Dialect;
  ceiling: WrkResult;
  whoami: WrkResult;
}

async function benchDialect(dialect: Dialect): Promise<Row> {
  // Imported late: the helpers read GATEHOUSE_TEST_PG_URL when they load.
  const { startGatehouse } = await import('../../test/helpers/server.js');
  const gh = await startGatehouse({ dialect, config: { log: { level: values['log-level'] } } });
  try {
    const res = await fetch(new URL('identities', gh.adminUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ traits: { email: `bench-${dialect}@example.org`, name: { first: 'Bench' } } }),
    });
    if (res.status !== 201) throw new Error(`creating the identity answered ${res.status}: ${await res.text()}`);
    const identity = (await res.json()) as { id: string };
    const { token } = await gh.issueSession(identity.id);
    const whoamiUrl = new URL('sessions/whoami', gh.publicUrl).href;
    const check = await fetch(whoamiUrl, { headers: { 'x-session-token': token } });
    if (check.status !== 200) throw new Error(`whoami answered ${check.status}`);
    const ceilingUrl = new URL('health/alive', gh.publicUrl).href;
    const opts = { connections, seconds };
    // Warm-up: JIT, connection pools, the session cache.
    await wrk(ceilingUrl, { ...opts, seconds: 3 });
    await wrk(whoamiUrl, { ...opts, seconds: 3, headers: { 'X-Session-Token': token } });
    const c: WrkResult[] = [];
    const w: WrkResult[] = [];
    for (let i = 0; i < rounds; i++) {
      c.push(await wrk(ceilingUrl, opts));
      w.push(await wrk(whoamiUrl, { ...opts, headers: { 'X-Session-Token': token } }));
    }
    const pick = (xs: WrkResult[]): WrkResult => ({
      rps: median(xs.map((x) => x.rps)),
      p99Ms: median(xs.map((x) => x.p99Ms)),
      non2xx: xs.reduce((a, x) => a + x.non2xx, 0),
    });
    gh.assertHealthyLog('after the benchmark');
    return { dialect, ceiling: pick(c), whoami: pick(w) };
  } finally {
    await gh.stop();
  }
}

async function main(): Promise<void> {
  await ensureWrk();
  const wanted = values.dialects.split(',') as Dialect[];
  const pg = wanted.includes('postgres') ? await startEmbeddedPostgres() : null;
  if (pg) process.env.GATEHOUSE_TEST_PG_URL = pg.url;
  const rows: Row[] = [];
  try {
    for (const d of wanted) rows.push(await benchDialect(d));
  } finally {
    await pg?.stop();
  }
  const target: Record<Dialect, number> = { sqlite: 0.6, postgres: 0.35 };
  console.log(`\nwhoami vs. ceiling — wrk, ${connections} connections, ${seconds}s × ${rounds} interleaved rounds, median`);
  console.log('dialect   | ceiling req/s | ceiling p99 | whoami req/s | whoami p99 | ratio | target | non-2xx');
  for (const r of rows) {
    const ratio = r.whoami.rps / r.ceiling.rps;
    console.log(
      `${r.dialect.padEnd(9)} | ${r.ceiling.rps.toFixed(0).padStart(13)} | ${r.ceiling.p99Ms.toFixed(2).padStart(8)} ms | ${r.whoami.rps
        .toFixed(0)
        .padStart(12)} | ${r.whoami.p99Ms.toFixed(2).padStart(7)} ms | ${ratio.toFixed(2)}  | ≥ ${target[r.dialect]} | ${r.whoami.non2xx}`,
    );
  }
}

await main();
