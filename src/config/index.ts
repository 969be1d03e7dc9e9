/** Public surface of the configuration module. */
export { Config, configFromObject, MIN_BCRYPT_COST } from './config.js';
export type { ConfigOptions, CookieDefaults, ListenAddress, SessionCookieConfig, StrategyName, UiFlowName } from './config.js';
export { ConfigError } from './errors.js';
export { loadConfig } from './load.js';
export type { LoadOptions } from './load.js';
export { configSchema } from './schema.js';
export type * from './types.js';
