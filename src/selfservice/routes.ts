import type { FastifyInstance } from 'fastify';
import type { CsrfSettings } from '../http/csrf-hook.js';
import type { Registry } from '../registry.js';
import { ChallengeFlows } from './flow/challenge/service.js';
import { registerChallengeRoutes } from './flow/challenge/routes.js';
import { registerLoginRoutes } from './flow/login/routes.js';
import { registerLogoutRoutes } from './flow/logout/routes.js';
import { registerRegistrationRoutes } from './flow/registration/routes.js';
import { registerSettingsRoutes } from './flow/settings/routes.js';
import { loadAllowList } from './flow/return-to.js';
import { createJsonnetEvaluator } from './hook/jsonnet.js';
import { VerificationHook } from './hook/verification.js';
import type { FlowRuntime } from './flow/runtime.js';
import { registerAdminRecoveryLink } from './strategy/link/admin.js';
import { RecoveryLinkStrategy } from './strategy/link/recovery.js';
import { LinkSender } from './strategy/link/sender.js';
import { VerificationLinkStrategy } from './strategy/link/verification.js';
import { PasswordLoginStrategy } from './strategy/password/login.js';
import { PasswordPolicy } from './strategy/password/policy.js';
import { PasswordRegistrationStrategy } from './strategy/password/registration.js';
import { PasswordSettingsStrategy } from './strategy/password/settings.js';
import { ProfileSettingsStrategy } from './strategy/profile/settings.js';

/**
 * The self-service machinery of one listener: the flow runtime and every method, in the order
 * upstream tries them. A new method is one folder plus one line in these lists.
 */
function buildSelfService(r: Registry, csrf: () => CsrfSettings) {
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
  const login = passwordEnabled ? [new PasswordLoginStrategy(rt)] : [];
  const registration = passwordEnabled ? [new PasswordRegistrationStrategy(rt, r.identityManager, policy)] : [];
  // Upstream's order: password, oidc, profile, totp, webauthn, lookup_secret.
  const settings = [
    ...(passwordEnabled ? [new PasswordSettingsStrategy(rt, policy)] : []),
    ...(c.strategyEnabled('profile') ? [new ProfileSettingsStrategy(rt, r.validator)] : []),
  ];
  const sender = new LinkSender({ config: c, clock: r.clock, identities: r.db.identities, links: r.db.links, courier: r.courier });
  // Disabled challenge methods are listed too: they answer 404 when chosen (flows.md §11).
  const link = { rt, links: r.db.links, sender, enabled: c.strategyEnabled('link') };
  const recovery = [new RecoveryLinkStrategy(link, settings)];
  const verification = [new VerificationLinkStrategy(link)];
  const recoveryFlows = new ChallengeFlows(rt, 'recovery', recovery);
  const verificationFlows = new ChallengeFlows(rt, 'verification', verification);
  return {
    rt,
    strategies: { login, registration, settings, recovery, verification },
    sender,
    recoveryFlows,
    verificationFlows,
    verificationHook: new VerificationHook(rt, verificationFlows, sender),
  };
}

/** Every self-service route of the public listener. */
export function registerSelfService(app: FastifyInstance, r: Registry, csrf: () => CsrfSettings): void {
  const c = r.config;
  const s = buildSelfService(r, csrf);
  const { rt } = s;
  registerLoginRoutes(app, rt, s.strategies.login);
  registerRegistrationRoutes(app, rt, s.strategies.registration, s.verificationHook);
  registerSettingsRoutes(
    app,
    rt,
    s.strategies.settings,
    { continuity: r.db.continuity, secrets: () => c.secretsCookie, dev: c.dev, now: () => r.clock.now() },
    s.verificationHook,
  );
  registerChallengeRoutes(app, rt, s.recoveryFlows, s.strategies.recovery);
  registerChallengeRoutes(app, rt, s.verificationFlows, s.strategies.verification);
  registerLogoutRoutes(app, {
    ...rt,
    publicBaseUrl: () => c.publicBaseUrl,
    redirectCheck: () => rt.redirectCheck,
    afterLogoutUrl: () => c.raw.selfservice.flows.logout.after?.default_browser_return_url ?? c.defaultBrowserReturnUrl,
  });
}

/** Self-service routes of the admin listener (recovery links), which has no CSRF cookie. */
export function registerAdminSelfService(app: FastifyInstance, r: Registry): void {
  const c = r.config;
  const s = buildSelfService(r, () => ({ publicBaseUrl: c.publicBaseUrl.href, dev: c.dev, path: '/', sameSite: 'Lax' }));
  registerAdminRecoveryLink(app, { config: c, identities: r.db.identities, sender: s.sender, recoveryFlows: s.recoveryFlows });
}
