/**
 * Translations: language choice by `Accept-Language` (falling back to English), messages by id
 * with placeholders from their context, variants of reused ids, the server's text for unknown
 * ids, and catalogues that cover every `ui.*` key and every message id of the spec.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCatalogues, negotiateLanguage, parseAcceptLanguage, Translator } from '../../src/webui/i18n.js';
import type { UiText } from '../../src/wire/index.js';

const catalogues = loadCatalogues();
const NOW = Date.parse('2026-01-01T12:00:00Z');
const de = new Translator('de', catalogues, () => NOW);
const en = new Translator('en', catalogues, () => NOW);

describe('webui i18n', () => {
  it('case=Accept-Language picks the best available language, else English', () => {
    assert.deepEqual(parseAcceptLanguage('fr-CH, fr;q=0.9, de;q=0.8, *;q=0.5, en;q=0'), ['fr-ch', 'fr', 'de', '*']);
    const cases: [string | undefined, string][] = [
      [undefined, 'en'],
      ['', 'en'],
      ['de', 'de'],
      ['de-AT,de;q=0.9', 'de'],
      ['fr-FR, de;q=0.7, en;q=0.8', 'en'],
      ['fr-FR, de;q=0.9, en;q=0.8', 'de'],
      ['fr, *;q=0.1', 'en'],
      ['de;q=0, fr', 'en'],
      ['garbage;;;, de', 'de'],
    ];
    for (const [header, lang] of cases) assert.equal(negotiateLanguage(header, catalogues), lang, String(header));
  });

  it('case=messages by id, placeholders from context', () => {
    const m = (id: number, text: string, context?: Record<string, unknown>): UiText => ({ id, text, type: 'error', ...(context ? { context } : {}) });
    assert.equal(de.message(m(4000006, 'The provided credentials are invalid…', {})), 'Die Anmeldedaten sind ungültig. Prüfe Passwort und Benutzername, E-Mail-Adresse oder Telefonnummer auf Tippfehler.');
    assert.equal(de.message(m(4000002, 'Property email is missing.', { property: 'email' })), 'Das Feld email fehlt.');
    assert.equal(de.message(m(1010002, 'Sign in with GitHub', { provider: 'GitHub' })), 'Mit GitHub anmelden');
    // Minutes from a time in the context (upstream puts a future instant in expired_at).
    assert.equal(en.message(m(4010001, 'x', { expired_at: '2026-01-01T12:01:30Z' })), 'The login flow expired 1.50 minutes ago, please try again.');
    assert.equal(de.message(m(4010001, 'x', { expired_at: '2026-01-01T12:01:30Z' })), 'Der Anmeldevorgang ist vor 1,50 Minuten abgelaufen, bitte versuche es erneut.');
    assert.equal(en.message(m(1060001, 'x', { privilegedSessionExpiresAt: '2026-01-01T12:15:00Z' })).includes('within the next 15.00 minutes'), true);
  });

  it('case=ids the server reuses pick their variant by context or text', () => {
    const info = (id: number, text: string, context?: Record<string, unknown>): UiText => ({ id, text, type: 'info', ...(context ? { context } : {}) });
    assert.equal(de.message(info(1050012, 'Add security key')), 'Sicherheitsschlüssel hinzufügen');
    assert.equal(de.message(info(1050012, 'Remove security key "Yubi"', { display_name: 'Yubi', added_at: '2026-01-01T00:00:00Z' })), 'Sicherheitsschlüssel „Yubi“ entfernen');
    assert.equal(de.message(info(1050006, 'JBSWY3DP', { secret: 'JBSWY3DP' })), 'JBSWY3DP');
    assert.match(de.message(info(1050006, 'This is your authenticator app secret…')), /^Das ist der geheime Schlüssel/);
    assert.equal(de.message({ id: 4000012, text: 'This backup recovery code has already been used.', type: 'error', context: {} }), 'Dieser Backup-Wiederherstellungscode wurde bereits verwendet.');
    assert.equal(de.message({ id: 4000012, text: 'The backup recovery code is not valid.', type: 'error', context: {} }), 'Der Backup-Wiederherstellungscode ist ungültig.');
  });

  it('case=fallbacks: unknown id and missing context give the server text; free texts stay as sent', () => {
    assert.equal(de.message({ id: 9999999, text: 'A message from a newer server', type: 'info' }), 'A message from a newer server');
    assert.equal(de.message({ id: 4000002, text: 'Property email is missing.', type: 'error' }), 'Property email is missing.', 'no context: no guessing');
    assert.equal(de.message({ id: 4000001, text: 'length must be >= 8, but got 3', type: 'error' }), 'length must be >= 8, but got 3');
    assert.equal(de.message({ id: 1070002, text: 'Your E-Mail', type: 'info' }), 'Your E-Mail');
    assert.equal(de.t('ui.brand'), 'Gatehouse', 'a ui key missing in German comes from English');
    assert.equal(de.t('ui.no.such.key'), 'ui.no.such.key');
  });

  it('case=a new language is a file: drop xx.json next to en.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-locales-'));
    writeFileSync(join(dir, 'en.json'), JSON.stringify({ 'ui.page.login.title': 'Sign in', 4000006: 'Wrong' }));
    writeFileSync(join(dir, 'nl.json'), JSON.stringify({ 'ui.page.login.title': 'Inloggen', 4000006: 'Onjuiste gegevens' }));
    const cats = loadCatalogues(dir);
    assert.equal(negotiateLanguage('nl-BE', cats), 'nl');
    const nl = new Translator('nl', cats);
    assert.equal(nl.t('ui.page.login.title'), 'Inloggen');
    assert.equal(nl.message({ id: 4000006, text: 'x', type: 'error', context: {} }), 'Onjuiste gegevens');
  });

  it('case=the catalogues cover every ui key and every message id of the spec', () => {
    const enCat = catalogues.get('en') ?? {};
    const deCat = catalogues.get('de') ?? {};
    const uiKeys = Object.keys(enCat).filter((k) => k.startsWith('ui.'));
    // ui.brand is a name, and "{text}" ids are server texts (schema titles, validator output).
    const missing = uiKeys.filter((k) => !(k in deCat) && k !== 'ui.brand' && k !== 'ui.field.csrf_token');
    assert.deepEqual(missing, [], 'ui keys without a German text');
    const ids = [1010001, 1010002, 1010003, 1010004, 1010005, 1010006, 1010007, 1010008, 1010009, 1010010, 1040001, 1040002, 1040003,
      1050001, 1050002, 1050003, 1050004, 1050005, 1050006, 1050007, 1050008, 1050009, 1050010, 1050011, 1050012, 1050013, 1050014, 1050015, 1050016,
      1060001, 1060002, 1070001, 1070002, 1070003, 1070004, 1070005, 1070006, 1070007, 1080001, 1080002,
      4000001, 4000002, 4000003, 4000004, 4000005, 4000006, 4000007, 4000008, 4000009, 4000010, 4000011, 4000012, 4000013, 4000014,
      4010001, 4010002, 4010003, 4010004, 4010005, 4010006, 4040001, 4050001, 4060001, 4060002, 4060004, 4060005, 4070001, 4070002, 4070003, 4070005, 5000001];
    assert.deepEqual(ids.filter((id) => !(String(id) in enCat)), [], 'ids without an English text');
    const serverTexts = new Set([1050015, 1070002, 4000001, 5000001]);
    assert.deepEqual(ids.filter((id) => !serverTexts.has(id) && !(String(id) in deCat)), [], 'ids without a German text');
  });
});
