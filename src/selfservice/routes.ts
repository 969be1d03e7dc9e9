import type { FastifyInstance } from 'fastify';
import type { CsrfSettings } from '../http/csrf-hook.js';
import type { Registry } from '../registry.js';
import { registerLoginRoutes } from './flow/login/routes.js';
import { registerLogoutRoutes } from './flow/logout/routes.js';
import { registerRegistrationRoutes } from './flow/registration/routes.js';
import { registerSettingsRoutes } from './flow/settings/routes.js';
import { loadAllowList } from './flow/return-to.js';
import { createJsonnetEvaluator } from './hook/jsonnet.js';
import type { FlowRuntime } from './flow/runtime.js';
import { PasswordLoginStrategy } from './strategy/password/login.js';
import { PasswordPolicy } from './strategy/password/policy.js';
import { PasswordRegistrationStrategy } from './strategy/password/registration.js';
import { PasswordSettingsStrategy } from './strategy/password/settings.js';
import { ProfileSettingsStrategy } from './strategy/profile/settings.js';

/**
 * Every self-service route of the public listener. Strategies are listed here, in the order
 * upstream tries them; a new method is one folder plus one line in these lists.
 */
export function registerSelfService(app: FastifyInstance, r: Registry, csrf: () => CsrfSettings): void {
  const c = r.config;
  const rt: FlowRuntime = {
    config: c,
    clock: r.clock,
    flows: r.db.flows,
    errors: r.db.errors,
    identities: r.db.identities,
    schemas: r.schemas,
    sessionManager: r.sessionManager,
    redirectCheck: { allowList: loadAllowList(c.whitelistedReturnUrls), publicBaseUrl: c.publicBaseUrl },
    csrf,
    sessionCookie: () => ({ ...c.sessionCookie, lifespanMs: c.sessionLifespanMs, dev: c.dev }),
    errorUiUrl: () => c.flowUiUrl('error'),
    apiFlowEnforcementDisabled: c.dev && process.env.DEV_DISABLE_API_FLOW_ENFORCEMENT === 'true',
    hooks: { jsonnet: createJsonnetEvaluator(), logger: { warn: (msg) => r.logger.warn(msg) } },
  };
  const passwordEnabled = c.strategyEnabled('password');
  const policy = PasswordPolicy.fromConfig(c);

  registerLoginRoutes(app, rt, passwordEnabled ? [new PasswordLoginStrategy(rt)] : []);
  registerRegistrationRoutes(app, rt, passwordEnabled ? [new PasswordRegistrationStrategy(rt, r.identityManager, policy)] : []);
  // Upstream's order: password, oidc, profile, totp, webauthn, lookup_secret.
  const settingsStrategies = [
    ...(passwordEnabled ? [new PasswordSettingsStrategy(rt, policy)] : []),
    ...(c.strategyEnabled('profile') ? [new ProfileSettingsStrategy(rt, r.validator)] : []),
  ];
  registerSettingsRoutes(app, rt, settingsStrategies, {
    continuity: r.db.continuity,
    secrets: () => c.secretsCookie,
    dev: c.dev,
    now: () => r.clock.now(),
  });
  registerLogoutRoutes(app, {
    ...rt,
    publicBaseUrl: () => c.publicBaseUrl,
    redirectCheck: () => rt.redirectCheck,
    afterLogoutUrl: () => c.raw.selfservice.flows.logout.after?.default_browser_return_url ?? c.defaultBrowserReturnUrl,
  });
}
