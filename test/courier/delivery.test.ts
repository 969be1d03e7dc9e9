/**
 * Delivery through real `gatehouse` processes to a real SMTP server on loopback: the exact mail
 * (courier.md §4) from `serve --watch-courier`, implicit TLS with AUTH from `courier watch`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Mailbox } from '../helpers/mailbox.js';
import { DIALECTS, startGatehouse } from '../helpers/server.js';
import { courierConfig, eventually, logLines, queueStubs, startCourierWatch, testCourier, useSuiteFixture } from './support.js';

const LINK = 'http://127.0.0.1:4433/self-service/verification?flow=0b1e5c4e-2a3b-4c5d-8e9f-000000000001&token=AbCdEfGhIjKlMnOpQrStUvWxYz012345';

// Dialects run side by side: most of the time goes to waiting for processes to start.
describe('courier delivery', { concurrency: true }, () => {
  for (const dialect of DIALECTS) {
    describe(`dialect=${dialect}`, () => {
      it('case=serve --watch-courier delivers the exact mail: From with name, To, Subject, headers, text then HTML', async (t) => {
        const mailbox = await new Mailbox().start();
        t.after(() => mailbox.stop());
        const gh = await startGatehouse({
          dialect,
          config: {
            'watch-courier': true,
            log: { level: 'info' },
            courier: {
              smtp: {
                connection_uri: mailbox.connectionUri,
                from_address: 'accounts@gatehouse.example',
                from_name: 'Gatehouse Accounts',
                headers: { 'X-Gatehouse-Test': 'composition', 'Reply-To': 'help@gatehouse.example' },
              },
            },
          },
        });
        t.after(() => gh.stop());
        try {
          const identity = { id: 'b3a0c9f2-0000-4000-8000-000000000001', traits: { email: 'Jane@Example.org' } };
          await testCourier(gh.db).enqueue('verification_valid', 'Jane@Example.org', { To: 'Jane@Example.org', VerificationURL: LINK, Identity: identity });
          const mail = await mailbox.waitForMailTo('jane@example.org');

          assert.match(mail.raw, /^From: "Gatehouse Accounts" <accounts@gatehouse\.example>\r?$/m);
          assert.match(mail.raw, /^To: Jane@Example\.org\r?$/m);
          assert.equal(mail.subject.trim(), 'Please verify your email address');
          assert.equal(mail.headers.get('x-gatehouse-test'), 'composition');
          assert.match(mail.raw, /^Reply-To: help@gatehouse\.example\r?$/m);
          assert.ok(mail.headers.get('message-id'), 'Message-ID added by the mail library');
          assert.ok(mail.headers.get('date'), 'Date added by the mail library');
          assert.match(String((mail.headers.get('content-type') as { value?: string })?.value), /^multipart\/alternative$/);
          const textAt = mail.raw.search(/Content-Type: text\/plain; charset=utf-8/i);
          const htmlAt = mail.raw.search(/Content-Type: text\/html; charset=utf-8/i);
          assert.ok(textAt > 0 && htmlAt > textAt, 'text/plain first, then text/html');
          assert.equal(mail.text, `Hi, please verify your account by clicking the following link:\n\n${LINK}\n\n`);
          assert.equal(mail.html, `Hi, please verify your account by clicking the following link:\n\n<a href="${LINK.replace('&', '&amp;')}">${LINK.replace('&', '&amp;')}</a>\n`);

          await eventually('the message is marked sent', async () => (await gh.db.courier.countByStatus()).sent === 1);
          const res = await fetch(new URL('health/alive', gh.publicUrl));
          assert.equal(res.status, 200, 'the HTTP server is up beside the courier');
          gh.assertHealthyLog();
        } finally {
          await gh.stop();
        }
      });

      describe('courier watch', () => {
        const fx = useSuiteFixture(dialect);

        it('case=smtps with skip_ssl_verify and URL-encoded credentials; configured headers override From and Subject', async (t) => {
          const mailbox = await new Mailbox({ secure: true, auth: { user: 'us@er', pass: 'p:ss w/rd%' } }).start();
          t.after(() => mailbox.stop());
          assert.match(mailbox.connectionUri, /^smtps:\/\/us%40er:p%3Ass%20w%2Frd%25@/);
          const proc = await startCourierWatch(
            t,
            courierConfig(fx.fresh.dsn, mailbox.connectionUri, {
              courier: { smtp: { from_name: 'Ignored', headers: { subject: 'Overridden subject', FROM: 'Override <override@gatehouse.example>' } } },
            }),
            {},
            // Accepted for compatibility; this build has no metrics to serve.
            ['--expose-metrics-port', '19999'],
          );
          try {
            const [msg] = await queueStubs(fx.fresh.db, 1, 'tls');
            const mail = await mailbox.waitForMailTo('tls-0@example.org');
            assert.equal(mail.subject, 'Overridden subject');
            assert.match(mail.raw, /^From: Override <override@gatehouse\.example>\r?$/m);
            assert.equal(mail.raw.match(/^From:/gm)?.length, 1, 'one From header');
            assert.equal(mail.raw.match(/^Subject:/gm)?.length, 1, 'one Subject header');
            assert.equal(mail.text.trim(), 'stub email body body 0');
            await eventually('sent', async () => (await fx.fresh.db.courier.list()).find((m) => m.id === msg?.id)?.status === 2);
            proc.assertHealthy();
          } finally {
            await proc.stop();
          }
          assert.deepEqual(await proc.exited, { code: 0, signal: null }, 'SIGTERM is a clean exit');
          assert.equal(logLines(proc.stderr(), /metrics are not available/)[0]?.port, 19999);
        });
      });
    });
  }
});
