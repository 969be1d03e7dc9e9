/**
 * Fault test: two `courier watch` processes on one database (upstream may double-send: its
 * selection is not locked). Every mail must arrive exactly once, with both processes sending.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS } from '../helpers/server.js';
import { courierConfig, eventually, queueStubs, startCourierWatch, useSuiteFixture } from './support.js';

const N = 50;

// Dialects run side by side: most of the time goes to waiting for processes and timers.
describe('courier two workers', { concurrency: true }, () => {
  for (const dialect of DIALECTS) {
    describe(`dialect=${dialect}`, () => {
      const fx = useSuiteFixture(dialect, { mailbox: true });
      const mailbox = fx.mailbox;

      it(`case=${N} queued mails, two courier processes: every mail exactly once`, async (t) => {
        // A slow server keeps one worker busy long enough for the other to claim batches too.
        mailbox.acceptDelayMs = 40;
        const config = (worker: string) => courierConfig(fx.fresh.dsn, mailbox.connectionUri, { courier: { smtp: { headers: { 'X-Worker': worker } } } });
        const workers = await Promise.all([startCourierWatch(t, config('a')), startCourierWatch(t, config('b'))]);
        try {
          const queued = await queueStubs(fx.fresh.db, N, `multi-${dialect}`);
          await eventually(`${N} mails`, () => mailbox.mails.length >= N, 30_000);
          await eventually('all sent', async () => (await fx.fresh.db.courier.countByStatus()).sent === N);
          // A duplicate would come with the next dispatches.
          await new Promise((r) => setTimeout(r, 1500));
          const got = mailbox.mails.map((m) => m.to[0]).sort();
          assert.deepEqual(got, queued.map((m) => m.recipient).sort(), 'each mail exactly once');
          const byWorker = { a: 0, b: 0 };
          for (const m of mailbox.mails) byWorker[m.headers.get('x-worker') as 'a' | 'b'] += 1;
          assert.ok(byWorker.a > 0 && byWorker.b > 0, `both workers sent (${JSON.stringify(byWorker)})`);
          assert.deepEqual(await fx.fresh.db.courier.countByStatus(), { queued: 0, sent: N, processing: 0 });
          for (const w of workers) w.assertHealthy();
        } finally {
          await Promise.all(workers.map((w) => w.stop()));
        }
      });
    });
  }
});
