import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MissingSmtpUrlError, composeMail, formatFrom, isMessageRejection, sendMail, smtpSettings, transportOptions } from './smtp.js';

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
    const plain = composeMail(base, mail);
    assert.deepEqual(plain.headers, { From: { prepared: true, value: '"F" <f@example.org>' } });
    assert.equal(plain.to, 'to@example.org');
    assert.equal(plain.subject, 'Hello\n');
    assert.deepEqual(plain.envelope, { from: 'f@example.org', to: ['to@example.org'] });
    assert.equal(plain.text, 'plain');
    assert.equal(plain.html, '<b>html</b>');

    const over = composeMail({ ...base, headers: { 'X-A': 'b', subject: 'Other', FROM: 'Boss <boss@example.org>', To: 'x@example.org' } }, { ...mail, html: null });
    assert.deepEqual(over.headers, { 'X-A': 'b', From: { prepared: true, value: 'Boss <boss@example.org>' } });
    assert.equal(over.subject, 'Other');
    assert.equal(over.to, 'x@example.org');
    assert.deepEqual(over.envelope, { from: 'boss@example.org', to: ['x@example.org'] });
    assert.equal('html' in over, false, 'no HTML part when its template failed');
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
