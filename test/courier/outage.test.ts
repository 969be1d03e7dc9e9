/**
 * Fault test: the SMTP server is down while mails are queued, then comes back. Each mail must
 * arrive exactly once, and `serve --watch-courier` must stay up and keep answering HTTP during
 * the outage (upstream exits after 15 minutes of failures; Gatehouse retries forever).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Mailbox } from '../helpers/mailbox.js';
import { DIALECTS, startGatehouse } from '../helpers/server.js';
import { FAST_RETRY_ENV, eventually, queueStubs } from './support.js';

const N = 8;

// Dialects run side by side: most of the time goes to waiting for processes and timers.
describe('courier outage', { concurrency: true }, () => {
  for (const dialect of DIALECTS) {
    describe(`dialect=${dialect}`, () => {
      it('case=SMTP down while mails are queued, then up: each mail arrives exactly once; the server stays up meanwhile', async (t) => {
        // Started once to own a port, then down: the courier sees connection refused.
        const mailbox = await new Mailbox().start();
        await mailbox.stop();
        t.after(() => mailbox.stop());
        const gh = await startGatehouse({
          dialect,
          env: FAST_RETRY_ENV,
          config: { 'watch-courier': true, log: { level: 'info' }, courier: { smtp: { connection_uri: mailbox.connectionUri } } },
        });
        t.after(() => gh.stop());
        try {
          const queued = await queueStubs(gh.db, N, `outage-${dialect}`);
          // The outage: several back-off rounds (capped at 300 ms here) while HTTP keeps answering.
          const until = Date.now() + 3000;
          while (Date.now() < until) {
            const t0 = Date.now();
            const res = await fetch(new URL('health/alive', gh.publicUrl), { signal: AbortSignal.timeout(5000) });
            assert.equal(res.status, 200);
            assert.ok(Date.now() - t0 < 1500, 'HTTP is not held up by the courier');
            gh.assertHealthyLog('during the outage');
            await new Promise((r) => setTimeout(r, 250));
          }
          const during = await gh.db.courier.countByStatus();
          assert.equal(during.sent, 0);
          assert.equal(during.queued + during.processing, N, 'nothing lost during the outage');

          await mailbox.start();
          await eventually(`${N} mails`, () => mailbox.mails.length >= N, 20_000);
          await eventually('all marked sent', async () => (await gh.db.courier.countByStatus()).sent === N);
          // A duplicate would arrive within the next dispatches.
          await new Promise((r) => setTimeout(r, 1500));
          const got = mailbox.mails.map((m) => m.to[0]).sort();
          assert.deepEqual(got, queued.map((m) => m.recipient.toLowerCase()).sort(), 'each mail exactly once');
          assert.deepEqual(await gh.db.courier.countByStatus(), { queued: 0, sent: N, processing: 0 });
          gh.assertHealthyLog('after the outage');
        } finally {
          await gh.stop();
        }
      });
    });
  }
});
