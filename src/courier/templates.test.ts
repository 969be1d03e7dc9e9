import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { clearTemplateCache, EmailTemplates, TEMPLATE_CACHE_SIZE, templateCacheStats, TemplateError } from './templates.js';

const URL_RECOVERY = 'http://h/self-service/recovery?flow=F&token=T';
const URL_VERIFY = 'http://h/self-service/verification?flow=F&token=T';
const identity = { id: 'i-1', schema_id: 'default', traits: { email: 'a+b@example.com' }, verifiable_addresses: [], recovery_addresses: [] };

let root: string;
let noOverride: EmailTemplates;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'gatehouse-templates-'));
  noOverride = new EmailTemplates({ overridePath: path.join(root, 'does-not-exist') });
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => clearTemplateCache());

async function writeTemplates(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content);
  }
}

describe('built-in templates (courier.md §3.2)', () => {
  it('case=recovery_valid', async () => {
    const model = { To: 'a+b@example.com', RecoveryURL: URL_RECOVERY, Identity: identity };
    assert.deepEqual(await noOverride.render('recovery_valid', model), {
      subject: 'Recover access to your account\n',
      body: `Hi,\n\nplease recover access to your account by clicking the following link:\n\n${URL_RECOVERY}\n`,
    });
    assert.equal(
      await noOverride.renderHtml('recovery_valid', model),
      'Hi,\n\nplease recover access to your account by clicking the following link:\n\n<a href="http://h/self-service/recovery?flow=F&amp;token=T">http://h/self-service/recovery?flow=F&amp;token=T</a>\n',
    );
  });

  it('case=recovery_invalid', async () => {
    const body =
      'Hi,\n\nyou (or someone else) entered this email address when trying to recover access to an account.\n\nHowever, this email address is not on our database of registered users and therefore the attempt has failed.\n\nIf this was you, check if you signed up using a different address.\n\nIf this was not you, please ignore this email.\n';
    assert.deepEqual(await noOverride.render('recovery_invalid', { To: 'x@y.z' }), { subject: 'Account access attempted\n', body });
    assert.equal(await noOverride.renderHtml('recovery_invalid', { To: 'x@y.z' }), body);
  });

  it('case=verification_valid (plain text ends with two newlines)', async () => {
    const model = { To: 'a+b@example.com', VerificationURL: URL_VERIFY, Identity: identity };
    assert.deepEqual(await noOverride.render('verification_valid', model), {
      subject: 'Please verify your email address\n',
      body: `Hi, please verify your account by clicking the following link:\n\n${URL_VERIFY}\n\n`,
    });
    assert.equal(
      await noOverride.renderHtml('verification_valid', model),
      'Hi, please verify your account by clicking the following link:\n\n<a href="http://h/self-service/verification?flow=F&amp;token=T">http://h/self-service/verification?flow=F&amp;token=T</a>\n',
    );
  });

  it('case=verification_invalid', async () => {
    const body =
      'Hi,\n\nsomeone asked to verify this email address, but we were unable to find an account for this address.\n\nIf this was you, check if you signed up using a different address.\n\nIf this was not you, please ignore this email.\n';
    assert.deepEqual(await noOverride.render('verification_invalid', { To: 'x@y.z' }), { subject: 'Someone tried to verify this email address\n', body });
    assert.equal(await noOverride.renderHtml('verification_invalid', { To: 'x@y.z' }), body);
  });

  it('case=stub (no trailing newline, as in the spec table)', async () => {
    const model = { To: 'x@y.z', Subject: 'S & <x>', Body: 'B & <y>' };
    assert.deepEqual(await noOverride.render('stub', model), { subject: 'stub email subject S & <x>', body: 'stub email body B & <y>' });
    assert.equal(await noOverride.renderHtml('stub', model), 'stub email body B &amp; &lt;y&gt;');
  });

  it('case=built-in files are found independently of the working directory', async () => {
    const builtin = fileURLToPath(new URL('./builtin/templates/verification/valid/email.body.plaintext.gotmpl', import.meta.url));
    assert.equal(await readFile(builtin, 'utf8'), 'Hi, please verify your account by clicking the following link:\n\n{{ .VerificationURL }}\n\n');
  });
});

describe('override directory', () => {
  it('case=a file present overrides only that file', async () => {
    const dir = path.join(root, 'only-html');
    await writeTemplates(dir, { 'recovery/valid/email.body.gotmpl': '<p>Hello {{ .Identity.traits.email }}</p><a href="{{ .RecoveryURL }}">go</a>' });
    const t = new EmailTemplates({ overridePath: dir });
    const model = { To: 'a+b@example.com', RecoveryURL: URL_RECOVERY, Identity: identity };
    assert.equal(await t.renderHtml('recovery_valid', model), '<p>Hello a&#43;b@example.com</p><a href="http://h/self-service/recovery?flow=F&amp;token=T">go</a>');
    assert.deepEqual(await t.render('recovery_valid', model), await noOverride.render('recovery_valid', model));
  });

  it('case=siblings are included by file name; the email.body* glob also parses the plain-text file', async () => {
    const dir = path.join(root, 'siblings');
    await writeTemplates(dir, {
      'verification/valid/email.body.gotmpl': '{{ template "email.body.html.en_US.gotmpl" . }}|{{ template "email.body.plaintext.gotmpl" . }}',
      'verification/valid/email.body.html.en_US.gotmpl': '{{ define "greeting" }}Hi {{ .Identity.traits.email | upper }}{{ end }}<b>{{ template "greeting" . }}</b>',
      'verification/valid/email.body.plaintext.gotmpl': 'plain {{ .VerificationURL }}',
      'verification/valid/email.subject.gotmpl': 'Verify {{ .Identity.id }}',
    });
    const t = new EmailTemplates({ overridePath: dir });
    const model = { To: 'a+b@example.com', VerificationURL: URL_VERIFY, Identity: identity };
    assert.equal(await t.renderHtml('verification_valid', model), '<b>Hi A&#43;B@EXAMPLE.COM</b>|plain http://h/self-service/verification?flow=F&amp;token=T');
    assert.deepEqual(await t.render('verification_valid', model), { subject: 'Verify i-1', body: `plain ${URL_VERIFY}` });
  });

  it('case=the subject glob does not parse body files', async () => {
    const dir = path.join(root, 'subject-glob');
    await writeTemplates(dir, {
      'recovery/invalid/email.subject.gotmpl': '{{ template "email.body.gotmpl" . }}',
      'recovery/invalid/email.body.gotmpl': 'body',
    });
    await assert.rejects(new EmailTemplates({ overridePath: dir }).render('recovery_invalid', { To: 'x' }), (err: unknown) => {
      assert.ok(err instanceof TemplateError);
      assert.equal(err.message, 'template recovery/invalid/email.subject.gotmpl:1: executing "email.subject.gotmpl": template "email.body.gotmpl" not defined');
      return true;
    });
  });

  it('case=relative override paths resolve against the working directory', async () => {
    const dir = path.join(root, 'relative');
    await writeTemplates(dir, { 'test_stub/email.subject.gotmpl': 'relative {{ .Subject }}' });
    const t = new EmailTemplates({ overridePath: path.relative(process.cwd(), dir) });
    assert.equal((await t.render('stub', { Subject: 's', Body: 'b' })).subject, 'relative s');
  });

  it('case=parse errors name the file and line', async () => {
    const dir = path.join(root, 'broken');
    await writeTemplates(dir, { 'recovery/valid/email.body.gotmpl': 'a\nb\n{{ foo . }}' });
    await assert.rejects(new EmailTemplates({ overridePath: dir }).renderHtml('recovery_valid', {}), (err: unknown) => {
      assert.ok(err instanceof TemplateError);
      assert.equal(err.message, 'template recovery/valid/email.body.gotmpl:3: function "foo" not defined');
      return true;
    });
  });

  it('case=execution errors are TemplateErrors', async () => {
    const dir = path.join(root, 'exec-error');
    await writeTemplates(dir, { 'recovery/valid/email.body.plaintext.gotmpl': '{{ .Identity.traits.nothing.x }}' });
    const model = { Identity: { traits: { nothing: null } } };
    await assert.rejects(new EmailTemplates({ overridePath: dir }).render('recovery_valid', model), (err: unknown) => {
      assert.ok(err instanceof TemplateError);
      assert.match(err.message, /^template recovery\/valid\/email\.body\.plaintext\.gotmpl:1: executing "email\.body\.plaintext\.gotmpl" at <\.Identity\.traits\.nothing\.x>: nil pointer evaluating interface \{\}\.x$/);
      return true;
    });
  });
});

describe('template cache', () => {
  it('case=parsed sets are cached: edits are not picked up while cached', async () => {
    const dir = path.join(root, 'cache-edit');
    const file = 'test_stub/email.body.plaintext.gotmpl';
    await writeTemplates(dir, { [file]: 'v1' });
    const t = new EmailTemplates({ overridePath: dir });
    const before = templateCacheStats().parses;
    assert.equal((await t.render('stub', {})).body, 'v1');
    await writeTemplates(dir, { [file]: 'v2' });
    assert.equal((await t.render('stub', {})).body, 'v1');
    // Another instance with the same directory shares the process-wide cache.
    assert.equal((await new EmailTemplates({ overridePath: dir }).render('stub', {})).body, 'v1');
    assert.equal(templateCacheStats().parses - before, 2, 'subject and body parsed once each');
    clearTemplateCache();
    assert.equal((await t.render('stub', {})).body, 'v2');
  });

  it('case=the cache holds at most 16 sets, evicting the least recently used', async () => {
    const a = new EmailTemplates({ overridePath: path.join(root, 'lru-a') });
    const b = new EmailTemplates({ overridePath: path.join(root, 'lru-b') });
    const types = ['recovery_valid', 'recovery_invalid', 'verification_valid', 'verification_invalid', 'stub'] as const;
    // 5 types × 3 parts = 15 sets for `a`.
    for (const type of types) {
      await a.render(type, {});
      await a.renderHtml(type, {});
    }
    assert.equal(templateCacheStats().size, 15);
    await a.render('recovery_valid', {}); // refresh recovery_valid subject and plain text
    let parses = templateCacheStats().parses;
    await b.render('stub', {}); // 2 more sets: 17 > 16 evicts the least recently used (recovery_valid HTML)
    assert.equal(templateCacheStats().size, TEMPLATE_CACHE_SIZE);
    assert.equal(templateCacheStats().parses - parses, 2);
    parses = templateCacheStats().parses;
    await a.render('recovery_valid', {}); // still cached
    assert.equal(templateCacheStats().parses, parses);
    await a.renderHtml('recovery_valid', {}); // evicted (least recently used)
    assert.equal(templateCacheStats().parses, parses + 1);
  });
});
