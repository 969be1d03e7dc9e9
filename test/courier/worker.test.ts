/**
 * The delivery loop in-process, on both dialects, against a real SMTP server on loopback:
 * refusals, connection failures, a missing server URL, HTML render failures, graceful stop.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, it } from 'node:test';
import type { CourierConfig } from '../../src/config/types.js';
import { Courier } from '../../src/courier/courier.js';
import { EmailTemplates } from '../../src/courier/templates.js';
import type { WorkerLogger } from '../../src/courier/worker.js';
import { systemClock } from '../../src/x/time.js';
import { forEachDialect } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';

interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

function captureLogger(): WorkerLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg = '') => void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}

const FAST = { backoff: { initialMs: 20, multiplier: 1.5, randomization: 0.5, maxMs: 100 }, pollIntervalMs: 50 };

let templateDir = '';
before(async () => {
  templateDir = await mkdtemp(join(tmpdir(), 'gatehouse-courier-templates-'));
  await mkdir(join(templateDir, 'test_stub'), { recursive: true });
  // An HTML template that cannot be parsed: the mail must still go out, as plain text.
  await writeFile(join(templateDir, 'test_stub', 'email.body.gotmpl'), '{{ nosuchfunc .Body }}');
});
after(async () => {
  await rm(templateDir, { recursive: true, force: true });
});

forEachDialect('courier worker', (getDb) => {
  const mailbox = new Mailbox();
  let courierConfig: CourierConfig | undefined;
  let overridePath = 'courier/builtin/templates';
  const courier = () =>
    new Courier({
      templates: new EmailTemplates({ overridePath }),
      persister: getDb().courier,
      clock: systemClock,
      config: { raw: { courier: courierConfig } },
    });
  const stub = (c: Courier, to: string, n: number) => c.enqueue('stub', to, { To: to, Subject: `s${n}`, Body: `b${n}` });

  before(async () => {
    await mailbox.start();
  });
  after(async () => {
    await mailbox.stop();
  });
  beforeEach(async () => {
    await getDb().kysely.deleteFrom('courier_messages').execute();
    mailbox.mails.length = 0;
    mailbox.rejectNext = 0;
    mailbox.acceptDelayMs = 0;
    overridePath = 'courier/builtin/templates';
    courierConfig = { template_override_path: '', smtp: { connection_uri: mailbox.connectionUri, from_address: 'f@example.org' } };
    if (!mailbox.running) await mailbox.start();
  });

  it('case=a refused message is held back with a count while later ones go out; it is sent when due', async () => {
    const c = courier();
    const a = await stub(c, 'a@example.org', 1);
    const b = await stub(c, 'b@example.org', 2);
    mailbox.rejectNext = 1;
    const log = captureLogger();
    const worker = c.worker(log, FAST);
    assert.equal(await worker.dispatchQueue(), 'drained');
    assert.deepEqual(mailbox.mails.map((m) => m.to), [['b@example.org']]);
    const stored = await getDb().courier.list();
    const refused = stored.find((m) => m.id === a.id);
    assert.equal(refused?.status, 1, 'still queued, never dropped');
    assert.equal(refused?.failedAttempts, 1);
    assert.match(refused?.lastError ?? '', /554/);
    assert.ok(refused?.nextAttemptAt && refused.nextAttemptAt.getTime() > Date.now() - 1000);
    assert.equal(stored.find((m) => m.id === b.id)?.status, 2);
    assert.ok(log.lines.some((l) => l.level === 'warn' && /refused/.test(l.msg) && l.obj.message_id === a.id));

    await new Promise((r) => setTimeout(r, 150));
    assert.equal(await worker.dispatchQueue(), 'drained');
    assert.deepEqual(mailbox.mails.map((m) => m.to[0]), ['b@example.org', 'a@example.org']);
    assert.deepEqual(await getDb().courier.countByStatus(), { queued: 0, sent: 2, processing: 0 });
  });

  it('case=server down: the batch goes back to the queue untouched and the dispatch fails', async () => {
    const c = courier();
    for (let i = 0; i < 3; i++) await stub(c, `down${i}@example.org`, i);
    await mailbox.stop();
    const log = captureLogger();
    assert.equal(await c.worker(log, FAST).dispatchQueue(), 'failed');
    const stored = await getDb().courier.list();
    assert.deepEqual(stored.map((m) => [m.status, m.failedAttempts]), [[1, 0], [1, 0], [1, 0]]);
    const warn = log.lines.find((l) => l.level === 'warn');
    assert.match(String(warn?.obj.error), /ECONNREFUSED/);
    assert.equal(JSON.stringify(log.lines).includes('    at '), false, 'no stack traces');
  });

  it('case=no SMTP URL: every dispatch fails with upstream message, nothing is lost', async () => {
    courierConfig = undefined;
    const c = courier();
    await stub(c, 'nourl@example.org', 1);
    const log = captureLogger();
    const worker = c.worker(log, FAST);
    assert.equal(await worker.dispatchQueue(), 'failed');
    assert.equal(await worker.dispatchQueue(), 'failed');
    assert.deepEqual(await getDb().courier.countByStatus(), { queued: 1, sent: 0, processing: 0 });
    assert.equal(log.lines.filter((l) => l.obj.error === 'Courier tried to deliver an email but courier.smtp_url is not set!').length, 2);
  });

  it('case=an HTML template that fails at send time: logged, the mail goes out as plain text', async () => {
    overridePath = templateDir;
    const c = courier();
    await stub(c, 'html@example.org', 7);
    const log = captureLogger();
    assert.equal(await c.worker(log, FAST).dispatchQueue(), 'drained');
    const [mail] = mailbox.mails;
    assert.equal(mail?.text.trim(), 'stub email body b7');
    assert.equal(mail?.html, '');
    assert.doesNotMatch(mail?.raw ?? '', /text\/html/);
    assert.ok(log.lines.some((l) => l.level === 'warn' && /HTML/.test(l.msg)));
  });

  it('case=stop waits for the send in flight and puts the rest of the batch back', async () => {
    const c = courier();
    for (let i = 0; i < 3; i++) await stub(c, `stop${i}@example.org`, i);
    mailbox.acceptDelayMs = 600;
    const worker = c.worker(captureLogger(), FAST);
    worker.start();
    // Wait until the first send is under way (the batch is claimed).
    for (let i = 0; i < 100 && (await getDb().courier.countByStatus()).processing === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await worker.stop();
    assert.equal(worker.running, false);
    assert.equal(mailbox.mails.length, 1, 'the send in flight completed, no other started');
    const stored = await getDb().courier.list();
    assert.deepEqual(stored.filter((m) => m.status === 2).map((m) => m.recipient), mailbox.mails.map((m) => m.to[0]));
    assert.deepEqual(await getDb().courier.countByStatus(), { queued: 2, sent: 1, processing: 0 });
  });

  it('case=the loop retries a failing server with back-off and delivers each mail once it is back', async () => {
    const c = courier();
    for (let i = 0; i < 4; i++) await stub(c, `loop${i}@example.org`, i);
    await mailbox.stop();
    const log = captureLogger();
    const worker = c.worker(log, FAST);
    worker.start();
    try {
      await new Promise((r) => setTimeout(r, 500));
      assert.ok(log.lines.filter((l) => /dispatch failed/.test(l.msg)).length >= 3, 'several retries during the outage');
      await mailbox.start();
      await mailbox.waitFor(() => mailbox.mails.length >= 4, 10_000);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await worker.stop();
    }
    assert.deepEqual(mailbox.mails.map((m) => m.to[0]).sort(), ['loop0@example.org', 'loop1@example.org', 'loop2@example.org', 'loop3@example.org']);
    assert.deepEqual(await getDb().courier.countByStatus(), { queued: 0, sent: 4, processing: 0 });
    assert.ok(log.lines.some((l) => /succeeded again/.test(l.msg)));
  });
});
