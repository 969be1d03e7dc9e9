/** `selfservice.*` except the methods (config.md §2.3). */
import { AAL_VALUES, absoluteUrl, bool, duration, enumOf, obj, urlOrPath } from './schema-defs.js';
import type { SchemaNode } from './schema-defs.js';
import { hookList } from './schema-hooks.js';
import type { HookName } from './schema-hooks.js';
import { methodsSchema } from './schema-methods.js';

const FALLBACK = 'https://www.ory.sh/kratos/docs/fallback/';

/** `{default_browser_return_url, hooks}` — the shape of every `after` block and per-method entry. */
const afterBlock = (hooks: readonly HookName[], methods: Record<string, SchemaNode> = {}): SchemaNode =>
  obj({ default_browser_return_url: urlOrPath, hooks: hookList(hooks), ...methods });

const beforeBlock: SchemaNode = obj({ hooks: hookList(['web_hook']) });

const flow = (name: string, props: Record<string, SchemaNode>): SchemaNode =>
  obj({ ui_url: absoluteUrl(FALLBACK + name), lifespan: duration('1h'), ...props }, {}, true);

export const flowsSchema: SchemaNode = obj(
  {
    login: flow('login', {
      before: beforeBlock,
      after: afterBlock(['web_hook'], {
        password: afterBlock(['revoke_active_sessions', 'require_verified_address', 'web_hook']),
        oidc: afterBlock(['revoke_active_sessions', 'web_hook']),
      }),
    }),
    registration: flow('registration', {
      before: beforeBlock,
      after: afterBlock(['web_hook'], {
        password: afterBlock(['session', 'web_hook']),
        oidc: afterBlock(['session', 'web_hook']),
      }),
    }),
    settings: flow('settings', {
      privileged_session_max_age: duration('1h'),
      required_aal: enumOf(AAL_VALUES, 'highest_available'),
      after: afterBlock(['web_hook'], {
        password: afterBlock(['web_hook']),
        profile: afterBlock(['web_hook']),
      }),
    }),
    recovery: flow('recovery', { enabled: bool(false), after: afterBlock(['web_hook']) }),
    verification: flow('verification', { enabled: bool(false), after: afterBlock(['web_hook']) }),
    logout: obj({ after: obj({ default_browser_return_url: urlOrPath }) }, {}, true),
    error: obj({ ui_url: absoluteUrl(FALLBACK + 'error') }, {}, true),
  },
  {},
  true,
);

export const selfserviceSchema: SchemaNode = obj(
  {
    default_browser_return_url: urlOrPath,
    whitelisted_return_urls: { type: 'array', items: urlOrPath },
    flows: flowsSchema,
    methods: methodsSchema,
  },
  { required: ['default_browser_return_url'] },
);
