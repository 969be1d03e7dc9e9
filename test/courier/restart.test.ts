/**
 * The queue across process lifetimes: a stopped courier puts its batch back; a killed one
 * leaves messages in processing, which another courier takes over after the lease (regression:
 * upstream never picks up messages left in status 3).
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { Mailbox } from '../helpers/mailbox.js';
import { DIALECTS } from '../helpers/server.js';
import { FAST_RETRY_ENV, courierConfig, eventually, queueStubs, startCourierWatch, useSuiteFixture } from './support.js';

/** Greets, then never answers: a send hangs there until the client's idle timeout (60 s). */
async function blackhole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.write('220 blackhole ESMTP\r\n');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

const sorted = (xs: (string | undefined)[]) => [...xs].sort();

// Dialects run side by side: most of the time goes to waiting for processes and timers.
describe('courier restart', { concurrency: true }, () => {
  for (const dialect of DIALECTS) {
    describe(`dialect=${dialect}`, () => {
      const fx = useSuiteFixture(dialect, { mailbox: true });
      const mailbox = fx.mailbox;

      it('case=the queue survives restarts: a stopped courier puts its batch back; a killed one is taken over after the lease; each mail once', async (t) => {
        const queued = await queueStubs(fx.fresh.db, 3, `restart-${dialect}`);
        const ids = new Set(queued.map((m) => m.id));
        const mine = async () => (await fx.fresh.db.courier.list()).filter((m) => ids.has(m.id));

        // 1. The SMTP server is down; SIGTERM must leave the messages queued, not processing.
        const down = new Mailbox();
        await down.start();
        await down.stop();
        const stopped = await startCourierWatch(t, courierConfig(fx.fresh.dsn, down.connectionUri), FAST_RETRY_ENV);
        await new Promise((r) => setTimeout(r, 800));
        await stopped.stop();
        assert.deepEqual(await stopped.exited, { code: 0, signal: null });
        stopped.assertHealthy();
        assert.deepEqual((await mine()).map((m) => m.status), [1, 1, 1], 'put back on a graceful stop');

        // 2. A courier stuck in a send (the server stops answering) holds the batch in processing.
        //    The heir starts while it is still alive, so taking the claim early would show.
        const hole = await blackhole();
        const lease = 6000;
        try {
          const doomed = await startCourierWatch(t, courierConfig(fx.fresh.dsn, `smtp://127.0.0.1:${hole.port}/?disable_starttls=true`));
          await eventually('the batch is claimed', async () => (await mine()).every((m) => m.status === 3));
          const claimedAt = Math.max(...(await mine()).map((m) => m.claimedAt?.getTime() ?? 0));
          const heir = await startCourierWatch(t, courierConfig(fx.fresh.dsn, mailbox.connectionUri), { GATEHOUSE_COURIER_LEASE: `${lease}ms` });
          try {
            // 3. Killed mid-send: the claim stays behind until the lease runs out.
            doomed.kill('SIGKILL');
            await doomed.exited;
            await eventually('3 mails', () => mailbox.mails.length >= 3, 20_000);
            const firstArrival = Math.min(...mailbox.mails.map((m) => m.receivedAt.getTime()));
            assert.ok(firstArrival - claimedAt >= lease - 50, `taken over only after the lease (${firstArrival - claimedAt} ms)`);
            await eventually('all sent', async () => (await mine()).every((m) => m.status === 2));
            // A duplicate would come with the next dispatches.
            await new Promise((r) => setTimeout(r, 1200));
            assert.deepEqual(sorted(mailbox.mails.map((m) => m.to[0])), sorted(queued.map((m) => m.recipient)), 'each exactly once');
            heir.assertHealthy();
          } finally {
            await heir.stop();
          }
        } finally {
          await hole.close();
        }
      });
    });
  }
});
