/**
 * bench/login — password logins per second through the API flow, beside the raw throughput of
 * the same hasher (password compares in a loop at the same concurrency, measured in the same
 * run), and the p99 of whoami while the logins saturate the hasher.
 *
 *   npm run bench:login [-- --seconds 20 --clients 8 --hasher bcrypt --cost 12]
 */
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { BcryptHasher, Argon2Hasher, argon2ParamsFromConfig, comparePassword, defaultHashConcurrency, HashLimiter } from '../../src/hash/index.js';
import { configFromObject } from '../../src/config/config.js';
import { ensureWrk, wrk } from '../lib/wrk.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    clients: { type: 'string', default: '8' },
    hasher: { type: 'string', default: 'bcrypt' },
    cost: { type: 'string', default: '12' },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const PASSWORD = 'a sufficiently long benchmark passphrase';

const hashers =
  values.hasher === 'argon2'
    ? { algorithm: 'argon2' }
    : { algorithm: 'bcrypt', bcrypt: { cost: Number(values.cost) } };

/** Compares per second of the hasher alone, `clients` at a time, through the same limiter. */
async function rawThroughput(): Promise<number> {
  const cfg = configFromObject({
    dsn: 'memory',
    dev: true,
    identity: { default_schema_url: 'base64://e30=' },
    selfservice: { default_browser_return_url: 'http://127.0.0.1/' },
    hashers,
  });
  const limiter = new HashLimiter(defaultHashConcurrency());
  const hasher =
    cfg.raw.hashers.algorithm === 'argon2'
      ? new Argon2Hasher(argon2ParamsFromConfig(cfg.raw.hashers.argon2), limiter)
      : new BcryptHasher(cfg.bcryptCost, limiter);
  const hash = await hasher.generate(PASSWORD);
  let done = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        if (await comparePassword(PASSWORD, hash, { limiter })) done++;
      }
    }),
  );
  return done / seconds;
}

async function main(): Promise<void> {
  await ensureWrk();
  const raw = await rawThroughput();
  const { startGatehouse } = await import('../../test/helpers/server.js');
  const gh = await startGatehouse({
    dialect: 'sqlite',
    dev: true,
    config: {
      dev: true,
      hashers,
      log: { level: 'warning' },
      selfservice: {
        methods: { password: { config: { haveibeenpwned_enabled: false } } },
        flows: { registration: { after: { password: { hooks: [{ hook: 'session' }] } } } },
      },
    },
  });
  try {
    const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
    const reg = await json(await fetch(new URL('self-service/registration/api', gh.publicUrl)));
    const done = await json(
      await fetch(`${gh.publicUrl}self-service/registration?flow=${String(reg.id)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'password', password: PASSWORD, traits: { email: 'bench@example.org' } }),
      }),
    );
    const token = String(done.session_token);
    let logins = 0;
    let failures = 0;
    let until = 0;
    const loginLoop = async () => {
      while (Date.now() < until) {
        const flow = await json(await fetch(new URL('self-service/login/api', gh.publicUrl)));
        const res = await fetch(`${gh.publicUrl}self-service/login?flow=${String(flow.id)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ method: 'password', password_identifier: 'bench@example.org', password: PASSWORD }),
        });
        await res.arrayBuffer();
        if (res.status === 200) logins++;
        else failures++;
      }
    };
    // Phase 1: logins alone, for the ratio to the raw hasher.
    until = Date.now() + seconds * 1000;
    await Promise.all(Array.from({ length: clients }, loginLoop));
    const rate = logins / seconds;
    // Phase 2: the same login load with whoami traffic beside it, for whoami's p99.
    until = Date.now() + seconds * 1000;
    const [whoami] = await Promise.all([
      wrk(new URL('sessions/whoami', gh.publicUrl).href, { connections: 8, seconds: Math.max(5, seconds - 4), headers: { 'X-Session-Token': token } }),
      ...Array.from({ length: clients }, loginLoop),
    ]);
    console.log(`\nlogins vs. raw hashing — ${values.hasher}${values.hasher === 'bcrypt' ? ` cost ${values.cost}` : ''}, ${clients} concurrent clients, ${seconds}s, ${availableParallelism()} cores`);
    console.log(`raw compares/s: ${raw.toFixed(2)}  logins/s: ${rate.toFixed(2)}  ratio: ${(rate / raw).toFixed(2)} (target ≥ 0.85)  failed logins: ${failures}`);
    console.log(`whoami during the login load: ${whoami.rps.toFixed(0)} req/s, p99 ${whoami.p99Ms.toFixed(2)} ms (target < 25 ms), non-2xx ${whoami.non2xx}`);
  } finally {
    await gh.stop();
  }
}

await main();
