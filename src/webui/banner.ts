/** The lines `gatehouse serve` prints about the built-in UI: the URL a person should open. */
import type { Config } from '../config/config.js';

/** The UI's public URL, e.g. `http://127.0.0.1:4433/ui/` (base_url, then `serve.public.ui.base_path`). */
export function webUiUrl(config: Config): URL {
  return new URL(`${config.raw.serve.public.ui.base_path.slice(1)}/`, config.publicBaseUrl);
}

/** '' when the UI is off; else where to open it (and the development mailbox). */
export function webUiBanner(config: Config): string {
  const ui = config.raw.serve.public.ui;
  if (!ui.enabled) return '';
  const url = webUiUrl(config);
  const lines = [`Open ${url.href} in your browser to sign up and sign in.`];
  if (ui.mailbox) lines.push(`Emails the server sends appear in the development mailbox: ${new URL('mailbox', url).href}`);
  return lines.map((l) => `${l}\n`).join('');
}
