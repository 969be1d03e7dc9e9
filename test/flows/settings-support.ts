/** Shapes and settings shared by the settings suites (API and browser). */
import { deepMerge } from '../helpers/server.js';

/** Overrides every settings suite runs with (fast bcrypt, no network, a session on registration). */
export const SETTINGS_BASE = {
  hashers: { algorithm: 'bcrypt', bcrypt: { cost: 4 } },
  selfservice: {
    methods: { password: { config: { haveibeenpwned_enabled: false } } },
    flows: { registration: { after: { password: { hooks: [{ hook: 'session' }] } } } },
  },
};
export const withBase = (over: Record<string, unknown> = {}) => deepMerge(SETTINGS_BASE, over);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type { UiNode, UiText } from './support.js';
import type { UiNode, UiText } from './support.js';

export interface Traits {
  email: string;
  name: { first: string; last: string };
}
export interface Flow {
  id: string;
  type: string;
  state: string;
  request_url: string;
  expires_at: string;
  issued_at: string;
  return_to?: string;
  active?: string;
  refresh?: boolean;
  ui: { action: string; method: string; nodes: UiNode[]; messages?: UiText[] };
  identity: { id: string; traits: Traits };
}
