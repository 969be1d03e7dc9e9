/**
 * What a `courier watch` process must refuse: sending in the clear when `smtp://` requires
 * STARTTLS and the server does not offer it (retried, never sent, never lost), and running on
 * an unmigrated database.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { DIALECTS } from '../helpers/server.js';
import { FAST_RETRY_ENV, courierConfig, eventually, logLines, queueStubs, spawnGatehouse, startCourierWatch, useSuiteFixture } from './support.js';

describe('courier refusals', { concurrency: true }, () => {
  for (const dialect of DIALECTS) {
    describe(`dialect=${dialect}`, () => {
      const fx = useSuiteFixture(dialect);

      it('case=smtp:// requires STARTTLS: a server without it gets nothing; the mail stays queued and is retried', async (t) => {
        const mailbox = await new Mailbox().start();
        t.after(() => mailbox.stop());
        const uri = `smtp://127.0.0.1:${mailbox.port}/`;
        const proc = await startCourierWatch(t, courierConfig(fx.fresh.dsn, uri), FAST_RETRY_ENV);
        try {
          const [msg] = await queueStubs(fx.fresh.db, 1, 'starttls');
          // Every dispatch claims the message anew: three claim times are three attempts.
          const claims = new Set<number>();
          await eventually('three attempts', async () => {
            const stored = (await fx.fresh.db.courier.list()).find((m) => m.id === msg?.id);
            if (stored?.claimedAt) claims.add(stored.claimedAt.getTime());
            return claims.size >= 3;
          });
          proc.assertHealthy();
        } finally {
          await proc.stop();
        }
        assert.deepEqual(mailbox.mails, [], 'nothing was sent in the clear');
        const stored = (await fx.fresh.db.courier.list()).filter((m) => m.recipient.startsWith('starttls'));
        assert.deepEqual(stored.map((m) => [m.status, m.failedAttempts]), [[1, 0]], 'queued, not lost, not counted against the message');
        const failures = logLines(proc.stderr(), /unable to send/);
        assert.ok(failures.length >= 2, `each attempt logged (${failures.length})`);
        assert.match(String(failures[0]?.error), /STARTTLS/i);
        assert.equal(failures[0]?.level, 40, 'logged as a warning');
        proc.assertHealthy();
      });

      it('case=refuses to run on an unmigrated database', async (t) => {
        const empty = await freshDatabase(dialect, { migrate: false });
        try {
          const proc = await spawnGatehouse(t, ['courier', 'watch'], courierConfig(empty.dsn, 'smtp://127.0.0.1:1/'));
          const exit = await proc.exited;
          assert.equal(exit.code, 1);
          assert.match(proc.stderr(), /pending migration\(s\)/);
          assert.match(proc.stderr(), /gatehouse courier watch/);
        } finally {
          await empty.cleanup();
        }
      });
    });
  }
});
