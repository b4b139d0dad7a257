import { describe, expect, it } from 'vitest';
import { defineRule } from '../rule/define-rule.ts';
import {
  isPssVersionProblem,
  PSS_NEWEST_MINOR,
  PSS_VERSION_PARAM,
  parsePssVersion,
} from './pss-version.ts';
import { type RuleCatalog, resolveRules } from './resolve-rules.ts';
import { validateConfig } from './validate-config.ts';

const rule = (id: string, versioned: boolean) =>
  defineRule({
    id,
    title: id,
    description: 'd',
    rationale: 'r',
    remediation: 'm',
    severity: 'high',
    target: 'Pod',
    ...(versioned
      ? {
          params: {
            [PSS_VERSION_PARAM]: { type: 'integer', default: PSS_NEWEST_MINOR, description: 'v' },
          } as const,
        }
      : {}),
    check: () => true,
    message: () => id,
    examples: { pass: [], fail: [] },
  });

const catalog: RuleCatalog = {
  rules: [rule('pss-a', true), rule('pss-b', false)],
  profiles: {},
};

describe('parsePssVersion', () => {
  it('takes latest and v1.<minor> as the namespace label does', () => {
    expect(parsePssVersion('latest')).toEqual({ minor: PSS_NEWEST_MINOR });
    expect(parsePssVersion('v1.23')).toEqual({ minor: 23 });
    expect(parsePssVersion('v1.29')).toEqual({ minor: 29 });
    expect(parsePssVersion(`v1.${PSS_NEWEST_MINOR}`)).toEqual({ minor: PSS_NEWEST_MINOR });
  });

  it('evaluates a version newer than kpc knows with the newest checks, as upstream does', () => {
    expect(parsePssVersion('v1.40')).toEqual({ minor: PSS_NEWEST_MINOR, newerThanKnown: 40 });
  });

  it('refuses other formats and versions older than v1.23, with a hint', () => {
    for (const bad of ['1.29', 'v1.029', 'v2.1', 'v1.29.1', 'Latest', '', 'v1.', 'v1.22', 'v1.0']) {
      const r = parsePssVersion(bad);
      expect([bad, isPssVersionProblem(r)]).toEqual([bad, true]);
    }
    const bare = parsePssVersion('1.29');
    expect(isPssVersionProblem(bare) && bare.hint).toBe(
      'Write it as the namespace label does: "v1.29".',
    );
    const old = parsePssVersion('v1.22');
    expect(isPssVersionProblem(old) && old.problem).toContain('older than v1.23');
  });
});

describe('pss.version in the config', () => {
  const source = `export default {
  profile: 'pss-baseline',
  pss: { version: 'v1.2x' },
};
`;
  it('is validated at load, located at the value, with a hint', () => {
    const r = validateConfig(
      { profile: 'pss-baseline', pss: { version: 'v1.2x' } },
      'k.ts',
      source,
    );
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.hint !== undefined])).toEqual([
      ['CFG_INVALID', 3, true],
    ]);
    expect(r.diagnostics[0]!.message).toContain('pss.version');
    const old = validateConfig({ pss: { version: 'v1.20' } }, 'k.ts', '');
    expect(old.diagnostics[0]!.message).toContain('older than v1.23');
    const shape = validateConfig({ pss: { version: 29, level: 'x' } }, 'k.ts', '');
    expect(shape.diagnostics.map((d) => d.message)).toEqual([
      'unknown key "level" in pss',
      "pss.version must be a string such as 'v1.29' or 'latest', got number",
    ]);
    expect(validateConfig({ pss: 'v1.29' }, 'k.ts', '').diagnostics).toHaveLength(1);
    expect(validateConfig({ pss: { version: 'v1.29' } }, 'k.ts', '').diagnostics).toEqual([]);
  });

  it('sets the version of every rule that takes it; --pss-version wins; default latest', () => {
    const minors = (config: object, overrides = {}) =>
      resolveRules(config, catalog, overrides).rules.map((r) => [r.rule.id, r.params]);
    expect(minors({})).toEqual([
      ['pss-a', { [PSS_VERSION_PARAM]: PSS_NEWEST_MINOR }],
      ['pss-b', {}],
    ]);
    expect(minors({ pss: { version: 'v1.29' } })).toEqual([
      ['pss-a', { [PSS_VERSION_PARAM]: 29 }],
      ['pss-b', {}],
    ]);
    expect(minors({ pss: { version: 'v1.29' } }, { pssVersion: 'v1.26' })[0]).toEqual([
      'pss-a',
      { [PSS_VERSION_PARAM]: 26 },
    ]);
  });

  it('refuses a per-rule version, a bad --pss-version, and warns for a version newer than known', () => {
    const perRule = resolveRules(
      { settings: { 'pss-a': { params: { [PSS_VERSION_PARAM]: 29 } } } },
      catalog,
    );
    expect(perRule.diagnostics.map((d) => [d.code, d.severity, d.hint])).toEqual([
      [
        'CFG_INVALID',
        'error',
        "Set pss: { version: 'v1.29' } in the config (or pass --pss-version), as a namespace pins one version for every check.",
      ],
    ]);
    const bad = resolveRules({}, catalog, { pssVersion: '1.29' });
    expect(bad.diagnostics.map((d) => [d.code, d.message.split(':')[0]])).toEqual([
      ['CFG_INVALID', '--pss-version'],
    ]);
    const newer = resolveRules({}, catalog, { pssVersion: 'v1.45' });
    expect(newer.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['CFG_PSS_VERSION_NEWER', 'warning'],
    ]);
    expect(newer.rules[0]!.params).toEqual({ [PSS_VERSION_PARAM]: PSS_NEWEST_MINOR });
  });
});
