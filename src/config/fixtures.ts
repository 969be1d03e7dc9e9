/** Shared fixtures for the config tests (not a test file itself). */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The smallest document that validates. */
export function minimalDoc(): Record<string, unknown> {
  return {
    dsn: 'memory',
    identity: { default_schema_url: 'file:///etc/kratos/identity.schema.json' },
    selfservice: { default_browser_return_url: 'http://127.0.0.1:4455/' },
  };
}

/** Writes `files` (name → content) into a fresh temporary directory; returns name → path. */
export async function writeFiles(files: Record<string, string>): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-config-'));
  const out: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, content);
    out[name] = path;
  }
  return out;
}

/** config.md §4, verbatim. */
export const SPEC_EXAMPLE_YAML = `version: v0.8.2-alpha.1
dsn: memory
serve:
  public:
    base_url: http://127.0.0.1:4433/
    cors:
      enabled: true
  admin:
    base_url: http://127.0.0.1:4434/
selfservice:
  default_browser_return_url: http://127.0.0.1:4455/
  whitelisted_return_urls:
    - http://127.0.0.1:4455
  methods:
    password:
      enabled: true
  flows:
    error:        { ui_url: http://127.0.0.1:4455/error }
    settings:     { ui_url: http://127.0.0.1:4455/settings, privileged_session_max_age: 15m }
    recovery:     { enabled: true, ui_url: http://127.0.0.1:4455/recovery }
    verification: { enabled: true, ui_url: http://127.0.0.1:4455/verification,
                    after: { default_browser_return_url: http://127.0.0.1:4455/ } }
    logout:       { after: { default_browser_return_url: http://127.0.0.1:4455/login } }
    login:        { ui_url: http://127.0.0.1:4455/login, lifespan: 10m }
    registration:
      ui_url: http://127.0.0.1:4455/registration
      lifespan: 10m
      after:
        password:
          hooks:
            - hook: session
log: { level: debug, format: text, leak_sensitive_values: true }
secrets:
  cookie: [PLEASE-CHANGE-ME-I-AM-VERY-INSECURE]
  cipher: [32-LONG-SECRET-NOT-SECURE-AT-ALL]
ciphers: { algorithm: xchacha20-poly1305 }
hashers: { algorithm: bcrypt, bcrypt: { cost: 8 } }
identity:
  default_schema_url: file:///etc/config/kratos/identity.schema.json
courier:
  smtp:
    connection_uri: smtps://test:test@mailslurper:1025/?skip_ssl_verify=true
`;
