/**
 * The PSS rules against the independent, versioned reference model of the upstream checks
 * (pss-reference-model.ts, written from k8s.io/pod-security-admission's Go code at commit
 * 8f84a87). The properties check, on random pods of every pod controller and at random policy
 * versions v1.23..v1.37, that each rule fails a pod exactly when its upstream check forbids it
 * (a rule whose check does not exist at the version passes every pod), and that each profile's
 * verdict at each version equals upstream's level evaluation at that version (with
 * OverrideCheckIDs).
 */
import { type AnyRule, PSS_NEWEST_MINOR, PSS_OLDEST_MINOR, PSS_VERSION_PARAM } from '@kpc/core';
import {
  arbPssMinor,
  arbWorkload,
  defaultNumRuns,
  VERSIONED_PSS_RULES,
  wrapPodSpec,
} from '@kpc/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profiles, rules } from './index.ts';
import {
  arr,
  focusedWorkload,
  type J,
  levelOf,
  MODELLED_RULES,
  passes,
  podOf,
  upstreamAllows,
  upstreamCheckOf,
  upstreamChecks,
} from './pss-reference-model.ts';
import { PSS_MINOR_LATEST } from './pss-version.ts';

const pssRules = rules.filter((r) => r.id.startsWith('pss-'));
const byId = new Map(rules.map((r) => [r.id, r]));

/** Pods with at least one container (a pod without containers is rejected by API validation). */
const hasContainer = (w: J) => arr(podOf(w).spec.containers).length > 0;

/** Upstream's verdict for the rule's check on a workload at a version (true: no such check). */
function referenceAllows(rule: AnyRule, w: J, minor: number): boolean {
  const { spec, meta } = podOf(w);
  const level = levelOf(rule);
  const id = upstreamCheckOf(rule.id, level, minor);
  return id === undefined ? true : upstreamChecks(level, minor, spec, meta)[id]!;
}

/** Every version kpc knows (the profile tests run at each). */
const VERSIONS = Array.from(
  { length: PSS_NEWEST_MINOR - PSS_OLDEST_MINOR + 1 },
  (_, i) => PSS_OLDEST_MINOR + i,
);

describe('PSS rules agree with the versioned upstream reference model', () => {
  it('covers every PSS rule', () => {
    expect(MODELLED_RULES).toEqual(pssRules.map((r) => r.id));
  });

  it('gives the version to exactly the rules whose upstream check changed since v1.23, default latest', () => {
    expect(PSS_MINOR_LATEST).toBe(PSS_NEWEST_MINOR);
    const versioned = pssRules.filter((r) => r.params?.[PSS_VERSION_PARAM] !== undefined);
    expect(versioned.map((r) => r.id)).toEqual([...VERSIONED_PSS_RULES].sort());
    for (const r of versioned)
      expect([
        r.id,
        r.params![PSS_VERSION_PARAM]!.type,
        r.params![PSS_VERSION_PARAM]!.default,
      ]).toEqual([r.id, 'integer', PSS_NEWEST_MINOR]);
    // A rule without the parameter states a check that is the same at every version.
    const w = fc.sample(focusedWorkload, { numRuns: 300, seed: 3 });
    for (const r of pssRules.filter((x) => !versioned.includes(x)))
      for (const o of w) {
        const first = referenceAllows(r, o, PSS_OLDEST_MINOR);
        for (const minor of VERSIONS)
          if (upstreamCheckOf(r.id, levelOf(r), minor) !== undefined)
            expect([r.id, minor, referenceAllows(r, o, minor)]).toEqual([r.id, minor, first]);
      }
  });

  for (const [name, arb] of [
    ['focused pods', focusedWorkload],
    ['core arbWorkload', arbWorkload().filter(hasContainer)],
  ] as const) {
    it.each(MODELLED_RULES)(`%s on ${name} at random versions`, (id) => {
      const rule = byId.get(id)!;
      fc.assert(
        fc.property(arb, arbPssMinor, (w, minor) => {
          expect(passes(rule, w, minor)).toBe(referenceAllows(rule, w, minor));
        }),
        { numRuns: defaultNumRuns(300) },
      );
    });

    it.each(VERSIONED_PSS_RULES)(`%s on ${name} at each version`, (id) => {
      // At each version on its own: a rule that moves a change by one version fails here.
      const rule = byId.get(id)!;
      for (const minor of VERSIONS)
        fc.assert(
          fc.property(arb, (w) => {
            expect(passes(rule, w, minor), `v1.${minor}`).toBe(referenceAllows(rule, w, minor));
          }),
          { numRuns: defaultNumRuns(40) },
        );
    });

    it.each(VERSIONS)(
      `profile verdicts equal upstream level evaluation on ${name} at v1.%i`,
      (minor) => {
        fc.assert(
          fc.property(arb, (w) => {
            const { spec, meta } = podOf(w);
            for (const [profile, level] of [
              ['pss-baseline', 'baseline'],
              ['pss-restricted', 'restricted'],
            ] as const) {
              const ok = profiles[profile].every((r) => passes(r, w, minor));
              expect(ok, profile).toBe(upstreamAllows(level, minor, spec, meta));
            }
          }),
          { numRuns: defaultNumRuns(100) },
        );
      },
    );
  }

  it('the profiles at v1.33 differ from latest where upstream does (not a vacuous comparison)', () => {
    // On the focused pods, at least one pod changes verdict between v1.33 and latest, and
    // kpc follows: the comparison above would catch a rule that ignores its version.
    const sample = fc.sample(focusedWorkload, { numRuns: 500, seed: 5 });
    let differs = 0;
    for (const w of sample) {
      const { spec, meta } = podOf(w);
      if (
        upstreamAllows('baseline', 33, spec, meta) !==
        upstreamAllows('baseline', PSS_NEWEST_MINOR, spec, meta)
      )
        differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });

  it('reproduces the upstream override quirk: a Windows pod adding SYS_ADMIN passes restricted but not baseline (from v1.25)', () => {
    const w = wrapPodSpec(
      'Pod',
      { name: 'w' },
      {},
      {
        os: { name: 'windows' },
        containers: [
          {
            name: 'c',
            image: 'i',
            securityContext: { capabilities: { add: ['SYS_ADMIN'] }, runAsNonRoot: true },
          },
        ],
      },
    );
    const fails = (p: 'pss-baseline' | 'pss-restricted', minor: number) =>
      profiles[p].filter((r) => !passes(r, w, minor)).map((r) => r.id);
    expect(fails('pss-baseline', PSS_NEWEST_MINOR)).toEqual(['pss-capabilities-baseline']);
    expect(fails('pss-restricted', PSS_NEWEST_MINOR)).toEqual([]);
    // Before v1.25 Windows pods had no exemption: restricted asks for the Linux settings.
    expect(fails('pss-restricted', 24)).toEqual([
      'pss-allow-privilege-escalation',
      'pss-capabilities-restricted',
      'pss-seccomp-restricted',
    ]);
    const { spec, meta } = podOf(w);
    expect(upstreamAllows('restricted', PSS_NEWEST_MINOR, spec, meta)).toBe(true);
    expect(upstreamAllows('baseline', PSS_NEWEST_MINOR, spec, meta)).toBe(false);
    expect(upstreamAllows('restricted', 24, spec, meta)).toBe(false);
  });
});
