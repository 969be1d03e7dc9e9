/**
 * Hook list entries: `{hook: <name>, config: {…}}`. Written with an `enum` for the name plus
 * if/then for the web_hook config instead of one `oneOf` branch per hook, so that a typo yields
 * one readable error ("must be one of: session, web_hook") instead of one per branch.
 */
import { obj, str } from './schema-defs.js';
import type { SchemaNode } from './schema-defs.js';

export const HOOK_NAMES = ['session', 'revoke_active_sessions', 'require_verified_address', 'web_hook'] as const;
export type HookName = (typeof HOOK_NAMES)[number];

const webHookAuth: SchemaNode = {
  type: 'object',
  required: ['type', 'config'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: ['api_key', 'basic_auth'] },
    config: { type: 'object' },
  },
  allOf: [
    {
      if: { properties: { type: { const: 'api_key' } }, required: ['type'] },
      then: {
        properties: {
          config: obj(
            { name: str(), value: str(), in: { type: 'string', enum: ['header', 'cookie'] } },
            { required: ['name', 'value', 'in'] },
          ),
        },
      },
    },
    {
      if: { properties: { type: { const: 'basic_auth' } }, required: ['type'] },
      then: {
        properties: { config: obj({ user: str(), password: str() }, { required: ['user', 'password'] }) },
      },
    },
  ],
};

export const webHookConfig: SchemaNode = obj(
  {
    url: { type: 'string', format: 'uri' },
    method: { type: 'string', minLength: 1 },
    body: { type: 'string', format: 'uri' },
    auth: webHookAuth,
  },
  { required: ['url', 'method'] },
);

/** An array of hooks restricted to `allowed` names; duplicates are rejected like upstream. */
export function hookList(allowed: readonly HookName[]): SchemaNode {
  return {
    type: 'array',
    uniqueItems: true,
    items: {
      type: 'object',
      required: ['hook'],
      additionalProperties: false,
      properties: {
        hook: { type: 'string', enum: [...allowed] },
        config: { type: 'object' },
      },
      // Only web_hook takes (and requires) a config; the others are bare `{hook: name}`.
      if: { properties: { hook: { const: 'web_hook' } }, required: ['hook'] },
      then: { required: ['config'], properties: { config: webHookConfig } },
      else: { properties: { config: false } },
    },
  };
}
