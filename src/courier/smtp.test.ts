import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MissingSmtpUrlError, buildMail, formatFrom, isMessageRejection, mailHeaders, sendMail, smtpSettings, transportOptions } from './smtp.js';

describe('smtp connection URI', () => {
  it('case=smtp requires STARTTLS', () => {
    const o = transportOptions('smtp://mail.example.org:587/');
    assert.equal(o.host, 'mail.example.org');
    assert.equal(o.port, 587);
    assert.equal(o.secure, false);
    assert.equal(o.requireTLS, true);
    assert.equal(o.ignoreTLS, false);
    assert.deepEqual(o.tls, { rejectUnauthorized: true, servername: 'mail.example.org' });
    assert.equal(o.auth, undefined);
    assert.equal(o.connectionTimeout, 10_000);
  });

  it('case=disable_starttls means no TLS at all', () => {
    const o = transportOptions('smtp://127.0.0.1:1025/?disable_starttls=true');
    assert.equal(o.requireTLS, false);
    assert.equal(o.ignoreTLS, true);
    assert.deepEqual(o.tls, { rejectUnauthorized: true }, 'no SNI name for an IP address');
  });

  it('case=smtps is implicit TLS; skip_ssl_verify accepts any certificate; Go booleans', () => {
    for (const v of ['true', '1', 'T', 'TRUE', 'True']) {
      const o = transportOptions(`smtps://mail.example.org:465/?skip_ssl_verify=${v}&disable_starttls=${v}`);
      assert.equal(o.secure, true);
      assert.equal(o.requireTLS, false);
      assert.equal(o.ignoreTLS, false, 'disable_starttls has no meaning with implicit TLS');
      assert.deepEqual(o.tls, { rejectUnauthorized: false, servername: 'mail.example.org' });
    }
    assert.equal(transportOptions('smtps://h:465/?skip_ssl_verify=yes').tls?.rejectUnauthorized, true);
    assert.equal(transportOptions('smtps://h/').port, 465);
    assert.equal(transportOptions('smtp://h/').port, 25);
  });

  it('case=user info is URL-decoded into AUTH credentials', () => {
    const o = transportOptions('smtp://us%40er:p%3Ass%20w%2Fd@[::1]:25/?disable_starttls=true');
    assert.deepEqual(o.auth, { user: 'us@er', pass: 'p:ss w/d' });
    assert.equal(o.host, '::1');
  });
});

describe('smtp mail composition', () => {
  const mail = { recipient: 'to@example.org', subject: 'Hello\n', text: 'plain', html: '<b>html</b>' };

  it('case=From with a name is quoted; defaults apply', () => {
    assert.equal(formatFrom('a@example.org', 'Gatehouse "Team"'), '"Gatehouse \\"Team\\"" <a@example.org>');
    assert.equal(formatFrom('a@example.org', undefined), 'a@example.org');
    assert.match(formatFrom('a@example.org', 'Jürgen'), /^=\?UTF-8\?Q\?J=C3=BCrgen\?= <a@example\.org>$/);
    assert.equal(smtpSettings(undefined).fromAddress, 'no-reply@ory.kratos.sh');
    assert.equal(smtpSettings(undefined).connectionUri, '');
  });

  it('case=configured headers are added and replace From, To and Subject whatever their case', () => {
    const base = smtpSettings({ template_override_path: '', smtp: { connection_uri: 'smtp://h:25', from_address: 'f@example.org', from_name: 'F' } });
    assert.deepEqual(mailHeaders(base, mail), { from: '"F" <f@example.org>', to: 'to@example.org', subject: 'Hello\n', extra: {} });
    const over = { ...base, headers: { 'X-A': 'b', subject: 'Other', FROM: 'Boss <boss@example.org>', To: 'x@example.org' } };
    assert.deepEqual(mailHeaders(over, mail), { from: 'Boss <boss@example.org>', to: 'x@example.org', subject: 'Other', extra: { 'X-A': 'b' } });
  });

  it('case=the built message keeps From and To as written, the subject line break, and text before HTML', async () => {
    const settings = smtpSettings({
      template_override_path: '',
      smtp: { connection_uri: 'smtp://h:25', from_address: 'f@Example.org', from_name: 'Gatehouse Team', headers: { 'X-A': 'b\r\nBcc: injected@example.org' } },
    });
    const { envelope, raw } = await buildMail(settings, { ...mail, recipient: 'Jane@Example.org' });
    const text = raw.toString('utf8');
    const head = text.slice(0, text.indexOf('\r\n\r\n'));
    assert.match(head, /^From: "Gatehouse Team" <f@Example\.org>$/m);
    assert.match(head, /^To: Jane@Example\.org$/m);
    assert.match(head, /^Subject: =\?UTF-8\?Q\?Hello=0A\?=$/m);
    assert.match(head, /^X-A: b Bcc: injected@example\.org$/m, 'a configured value cannot start a header');
    assert.doesNotMatch(head, /^Bcc:/m);
    assert.match(head, /^Content-Type: multipart\/alternative;/m);
    assert.ok(text.indexOf('text/plain') < text.indexOf('text/html'));
    assert.deepEqual(envelope, { from: 'f@Example.org', to: ['Jane@Example.org'] });

    const plain = (await buildMail(settings, { ...mail, html: null })).raw.toString('utf8');
    assert.doesNotMatch(plain, /text\/html|multipart/, 'no HTML part when its template failed');
  });

  it('case=no connection URI fails with upstream message', async () => {
    await assert.rejects(sendMail(smtpSettings(undefined), mail), (err: unknown) => {
      assert.ok(err instanceof MissingSmtpUrlError);
      assert.equal(err.message, 'Courier tried to deliver an email but courier.smtp_url is not set!');
      return true;
    });
  });

  it('case=only a refusal of the message itself is per message', () => {
    assert.equal(isMessageRejection(Object.assign(new Error('x'), { code: 'EMESSAGE', responseCode: 554 })), true);
    assert.equal(isMessageRejection(Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 550 })), true);
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ETLS', 'EAUTH', 'EDNS', undefined]) {
      assert.equal(isMessageRejection(Object.assign(new Error('x'), { code })), false, String(code));
    }
    assert.equal(isMessageRejection(new MissingSmtpUrlError()), false);
  });
});
