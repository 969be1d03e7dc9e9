import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  labelGenerated,
  labelPassword,
  loginSignIn,
  loginSignInWith,
  registrationSignUp,
  settingsLink,
  settingsUnlink,
  settingsWebAuthnRegister,
} from '../text/index.js';
import { csrfNode, inputNode, scriptNode, submitNode } from './nodes.js';
import { loginOrder, registrationOrder, settingsOrder, sortNodes } from './sort.js';
import { nodeId, nodeValue } from './types.js';
import type { UiNode } from './types.js';

const show = (nodes: UiNode[]): string[] =>
  nodes.map((n) => {
    const v = nodeValue(n);
    return `${n.group}:${nodeId(n)}${v === undefined ? '' : '=' + String(v)}`;
  });

const provider = (id: string): UiNode => inputNode('provider', 'oidc', 'submit', { value: id, label: loginSignInWith(id) });

describe('sortNodes (ui.md §5.1)', () => {
  it('case=login: csrf, providers by value, identifier, password, method', () => {
    const nodes = [
      submitNode('password', 'password', loginSignIn()),
      inputNode('password', 'password', 'password', { required: true }),
      provider('github'),
      inputNode('password_identifier', 'password', 'text', { value: '' }),
      csrfNode('tok'),
      provider('apple'),
    ];
    assert.deepEqual(show(sortNodes(nodes, loginOrder)), [
      'default:csrf_token=tok',
      'oidc:provider=apple',
      'oidc:provider=github',
      'password:password_identifier=',
      'password:password',
      'password:method=password',
    ]);
  });

  it('case=registration: email, password after the first schema path, schema order, method last', () => {
    const paths = ['traits.email', 'traits.website', 'traits.tos', 'traits.age'];
    const nodes = [
      submitNode('password', 'password', registrationSignUp()),
      inputNode('traits.age', 'password', 'number'),
      inputNode('traits.tos', 'password', 'checkbox'),
      inputNode('password', 'password', 'password'),
      inputNode('traits.website', 'password', 'url', { label: labelGenerated('Your website') }),
      inputNode('traits.email', 'password', 'email'),
      csrfNode(''),
      provider('google'),
    ];
    assert.deepEqual(show(sortNodes(nodes, registrationOrder(paths))), [
      'default:csrf_token=',
      'oidc:provider=google',
      'password:traits.email',
      'password:password',
      'password:traits.website',
      'password:traits.tos',
      'password:traits.age',
      'password:method=password',
    ]);
    assert.deepEqual(registrationOrder([]).keyList, ['password']);
    assert.deepEqual(registrationOrder(['traits.a']).keyList, ['traits.a', 'password']);
  });

  it('case=groups not in the rank come first, keeping their relative order', () => {
    const nodes = [
      csrfNode(''),
      inputNode('password', 'password', 'password'),
      inputNode('x', 'custom', 'text', { value: 'b' }),
      inputNode('y', 'other', 'text'),
      inputNode('w', 'custom', 'text', { value: 'a' }),
    ];
    // Each unranked group is sorted among the slots it holds.
    assert.deepEqual(show(sortNodes(nodes, loginOrder)), [
      'custom:w=a',
      'other:y',
      'custom:x=b',
      'default:csrf_token=',
      'password:password',
    ]);
  });

  it('case=ties by %v of the value: missing prints <nil>, numbers as Go floats, bytewise', () => {
    const nodes = ['b', undefined, '1', 'A', '', 1_000_000, '1a', 2].map((value) =>
      inputNode('unmatched', 'password', 'text', value === undefined ? {} : { value }),
    );
    // '' < '1' < '1a' < '1e+06' < '2' < '<nil>' < 'A' < 'b'
    assert.deepEqual(show(sortNodes(nodes, loginOrder)), [
      'password:unmatched=',
      'password:unmatched=1',
      'password:unmatched=1a',
      'password:unmatched=1000000',
      'password:unmatched=2',
      'password:unmatched',
      'password:unmatched=A',
      'password:unmatched=b',
    ]);
  });

  it('case=value ties compare UTF-8 bytes like Go, not UTF-16 units', () => {
    const nodes = ['\u{1F600}', '\uFF61'].map((value) => inputNode('link', 'oidc', 'submit', { value }));
    assert.deepEqual(show(sortNodes(nodes, loginOrder)), ['oidc:link=\uFF61', 'oidc:link=\u{1F600}']);
  });

  it('case=method nodes are last even after unmatched nodes; unmatched after matched', () => {
    const nodes = [
      submitNode('password', 'password', loginSignIn()),
      inputNode('zzz', 'password', 'text', { value: 'zzz' }),
      inputNode('password', 'password', 'password'),
    ];
    // by value alone `password` < `zzz`: the method rule must win
    assert.deepEqual(show(sortNodes(nodes, loginOrder)), ['password:password', 'password:zzz=zzz', 'password:method=password']);
  });

  it('case=position is the first key that is a prefix of the node ID', () => {
    const nodes = [
      inputNode('traits.zzz', 'profile', 'text'),
      inputNode('traits.emailx', 'profile', 'text'),
      inputNode('traits.name.last', 'profile', 'text'),
      inputNode('traits.email', 'profile', 'email'),
    ];
    // `traits.email` prefixes `traits.emailx` (same position, stable); `traits.name` prefixes `traits.name.last`.
    assert.deepEqual(show(sortNodes(nodes, settingsOrder(['traits.name', 'traits.email']))), [
      'profile:traits.name.last',
      'profile:traits.emailx',
      'profile:traits.email',
      'profile:traits.zzz',
    ]);
  });

  it('case=settings: group rank, link/unlink by provider, webauthn keys by hex id', () => {
    const nodes: UiNode[] = [
      scriptNode('webauthn_script', 's', 'webauthn'),
      inputNode('webauthn_register', 'webauthn', 'hidden', { value: '' }),
      inputNode('webauthn_register_trigger', 'webauthn', 'button', { value: '', label: settingsWebAuthnRegister() }),
      inputNode('webauthn_register_displayname', 'webauthn', 'text', { value: '' }),
      inputNode('webauthn_remove', 'webauthn', 'submit', { value: 'ff01' }),
      inputNode('webauthn_remove', 'webauthn', 'submit', { value: '0a02' }),
      inputNode('unlink', 'oidc', 'submit', { value: 'github', label: settingsUnlink('github') }),
      inputNode('link', 'oidc', 'submit', { value: 'google', label: settingsLink('google') }),
      inputNode('link', 'oidc', 'submit', { value: 'apple', label: settingsLink('apple') }),
      inputNode('totp_code', 'totp', 'text', { required: true }),
      submitNode('totp', 'totp', labelPassword()),
      inputNode('lookup_secret_regenerate', 'lookup_secret', 'submit', { value: 'true' }),
      submitNode('password', 'password', labelPassword()),
      inputNode('password', 'password', 'password'),
      submitNode('profile', 'profile', labelPassword()),
      inputNode('traits.email', 'profile', 'email', { value: 'a@b.c' }),
      csrfNode('c'),
    ];
    assert.deepEqual(show(sortNodes(nodes, settingsOrder(['traits.email']))), [
      'default:csrf_token=c',
      'profile:traits.email=a@b.c',
      'profile:method=profile',
      'password:password',
      'password:method=password',
      'oidc:link=apple',
      'oidc:unlink=github',
      'oidc:link=google',
      'lookup_secret:lookup_secret_regenerate=true',
      'webauthn:webauthn_remove=0a02',
      'webauthn:webauthn_remove=ff01',
      'webauthn:webauthn_register_displayname=',
      'webauthn:webauthn_register=',
      'webauthn:webauthn_register_trigger=',
      'webauthn:webauthn_script',
      'totp:totp_code',
      'totp:method=totp',
    ]);
  });

  it('case=does not mutate its input', () => {
    const nodes = [inputNode('password', 'password', 'password'), csrfNode('')];
    sortNodes(nodes, loginOrder);
    assert.deepEqual(show(nodes), ['password:password', 'default:csrf_token=']);
  });
});
