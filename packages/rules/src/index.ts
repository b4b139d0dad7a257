/**
 * @kpc/rules: the security rule catalog. One rule per file under ./rules (file name = rule id),
 * registered in catalog-rules.ts; profiles select rules for `kpc lint --profile <name>` and configs.
 */
import { type AnyRule, isReferential, type RuleCatalog } from '@kpc/core';
import * as catalogRules from './catalog-rules.ts';

export * from './catalog-rules.ts';

const byId = (a: AnyRule, b: AnyRule) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every catalog rule, sorted by id. */
export const rules: readonly AnyRule[] = Object.freeze(
  (Object.values(catalogRules) as readonly AnyRule[]).slice().sort(byId),
);

/**
 * The profile names: the workload profiles from least to most strict, then
 * `cis-control-plane` (the CIS Benchmark's control-plane flag checks, for static pods).
 */
export const PROFILE_NAMES = [
  'pss-baseline',
  'pss-restricted',
  'hardened',
  'cis-control-plane',
] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/**
 * Restricted checks that replace a baseline check, as upstream Pod Security Admission does with
 * `OverrideCheckIDs`: when the restricted level is evaluated, the baseline check is not run.
 */
export const RESTRICTED_OVERRIDES: Readonly<Record<string, string>> = Object.freeze({
  'pss-capabilities-restricted': 'pss-capabilities-baseline',
  'pss-restricted-volumes': 'pss-host-path-volumes',
  'pss-seccomp-restricted': 'pss-seccomp-baseline',
  'pss-proc-mount-restricted': 'pss-proc-mount-baseline',
});

/** Catalog rules that no profile selects: enable them explicitly. */
export const OPT_IN_RULES: readonly string[] = Object.freeze([
  'allowed-images',
  'require-image-digest',
  // Rules over several objects: kpc lint of one file cannot decide them, and no
  // ValidatingAdmissionPolicy can enforce them; opt in where the whole set is linted and
  // Kyverno or Gatekeeper enforces. They are the rules that declare `reads`.
  ...rules.filter(isReferential).map((r) => r.id),
]);

function pssLevel(rule: AnyRule): 'baseline' | 'restricted' | undefined {
  for (const c of rule.controls) if (c.standard === 'pss') return c.level;
  return undefined;
}

const baseline = rules.filter((r) => pssLevel(r) === 'baseline');
const overridden = new Set(Object.values(RESTRICTED_OVERRIDES));
const restricted = [
  ...baseline.filter((r) => !overridden.has(r.id)),
  ...rules.filter((r) => pssLevel(r) === 'restricted'),
].sort(byId);
/** The category of the CIS control-plane rules, which only `cis-control-plane` selects. */
export const CONTROL_PLANE_CATEGORY = 'CIS control plane';
const controlPlane = rules.filter((r) => r.category === CONTROL_PLANE_CATEGORY);
const hardened = [
  ...restricted,
  ...rules.filter(
    (r) =>
      pssLevel(r) === undefined &&
      !OPT_IN_RULES.includes(r.id) &&
      r.category !== CONTROL_PLANE_CATEGORY,
  ),
].sort(byId);

/**
 * The profiles. `pss-baseline`: the PSS baseline controls. `pss-restricted`: baseline plus the
 * restricted controls, where a restricted control replaces the baseline control it overrides
 * upstream (see RESTRICTED_OVERRIDES), so the verdict equals Pod Security Admission's at the
 * restricted level. `hardened`: restricted plus every hardening rule except OPT_IN_RULES and
 * the control-plane rules. `cis-control-plane`: the rules of CONTROL_PLANE_CATEGORY, which
 * check the command lines of kube-apiserver, kube-controller-manager, kube-scheduler and
 * etcd containers (kubeadm's static pods) and report nothing on other workloads.
 */
export const profiles: Readonly<Record<ProfileName, readonly AnyRule[]>> = Object.freeze({
  'pss-baseline': Object.freeze(baseline),
  'pss-restricted': Object.freeze(restricted),
  hardened: Object.freeze(hardened),
  'cis-control-plane': Object.freeze(controlPlane),
});

/** The rules of a profile, or undefined for an unknown name. Never throws. */
export function getProfile(name: string): readonly AnyRule[] | undefined {
  return (PROFILE_NAMES as readonly string[]).includes(name)
    ? profiles[name as ProfileName]
    : undefined;
}

/** The profiles that select a rule, in PROFILE_NAMES order. */
export function profilesOf(ruleId: string): readonly ProfileName[] {
  return PROFILE_NAMES.filter((p) => profiles[p].some((r) => r.id === ruleId));
}

/**
 * The catalog in the shape `resolveRules` takes (`@kpc/core`): every rule, and each profile
 * as rule ids. `resolveRules(config, catalog)` selects and configures rules for `lint`.
 */
export const catalog: RuleCatalog = Object.freeze({
  rules,
  profiles: Object.freeze(
    Object.fromEntries(
      PROFILE_NAMES.map((p) => [p, Object.freeze(profiles[p].map((r) => r.id))] as const),
    ),
  ),
});
