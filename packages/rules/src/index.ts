/**
 * @kpc/rules: the security rule catalog. One rule per file under ./rules (file name = rule id),
 * registered here; profiles select rules for `kpc lint --profile <name>` and configs.
 */
import type { AnyRule } from '@kpc/core';
import allowedRegistries from './rules/allowed-registries.ts';
import disallowLatestTag from './rules/disallow-latest-tag.ts';
import ingressTls from './rules/ingress-tls.ts';
import namespacePssEnforceLabel from './rules/namespace-pss-enforce-label.ts';
import noDefaultNamespace from './rules/no-default-namespace.ts';
import noDefaultServiceAccount from './rules/no-default-service-account.ts';
import noSecretsInEnv from './rules/no-secrets-in-env.ts';
import podAutomountTokenDisabled from './rules/pod-automount-token-disabled.ts';
import pssAllowPrivilegeEscalation from './rules/pss-allow-privilege-escalation.ts';
import pssApparmor from './rules/pss-apparmor.ts';
import pssCapabilitiesBaseline from './rules/pss-capabilities-baseline.ts';
import pssCapabilitiesRestricted from './rules/pss-capabilities-restricted.ts';
import pssHostNamespaces from './rules/pss-host-namespaces.ts';
import pssHostPathVolumes from './rules/pss-host-path-volumes.ts';
import pssHostPorts from './rules/pss-host-ports.ts';
import pssHostProbesLifecycle from './rules/pss-host-probes-lifecycle.ts';
import pssPrivileged from './rules/pss-privileged.ts';
import pssProcMountBaseline from './rules/pss-proc-mount-baseline.ts';
import pssProcMountRestricted from './rules/pss-proc-mount-restricted.ts';
import pssRestrictedVolumes from './rules/pss-restricted-volumes.ts';
import pssRunAsNonRoot from './rules/pss-run-as-non-root.ts';
import pssRunAsUser from './rules/pss-run-as-user.ts';
import pssSeccompBaseline from './rules/pss-seccomp-baseline.ts';
import pssSeccompRestricted from './rules/pss-seccomp-restricted.ts';
import pssSelinux from './rules/pss-selinux.ts';
import pssSysctls from './rules/pss-sysctls.ts';
import pssWindowsHostProcess from './rules/pss-windows-host-process.ts';
import rbacClusterroleEscalationVerbs from './rules/rbac-clusterrole-escalation-verbs.ts';
import rbacClusterroleSecretsAccess from './rules/rbac-clusterrole-secrets-access.ts';
import rbacClusterroleWildcard from './rules/rbac-clusterrole-wildcard.ts';
import rbacClusterrolebindingAnonymous from './rules/rbac-clusterrolebinding-anonymous.ts';
import rbacClusterrolebindingClusterAdmin from './rules/rbac-clusterrolebinding-cluster-admin.ts';
import rbacRoleEscalationVerbs from './rules/rbac-role-escalation-verbs.ts';
import rbacRoleSecretsAccess from './rules/rbac-role-secrets-access.ts';
import rbacRoleWildcard from './rules/rbac-role-wildcard.ts';
import rbacRolebindingAnonymous from './rules/rbac-rolebinding-anonymous.ts';
import rbacRolebindingClusterAdmin from './rules/rbac-rolebinding-cluster-admin.ts';
import readOnlyRootFilesystem from './rules/read-only-root-filesystem.ts';
import requireImageDigest from './rules/require-image-digest.ts';
import requireLivenessProbe from './rules/require-liveness-probe.ts';
import requireReadinessProbe from './rules/require-readiness-probe.ts';
import resourcesLimits from './rules/resources-limits.ts';
import resourcesRequests from './rules/resources-requests.ts';
import restrictServiceExternalIps from './rules/restrict-service-external-ips.ts';
import restrictServiceTypes from './rules/restrict-service-types.ts';
import serviceAccountAutomountTokenDisabled from './rules/service-account-automount-token-disabled.ts';

export {
  allowedRegistries,
  disallowLatestTag,
  ingressTls,
  namespacePssEnforceLabel,
  noDefaultNamespace,
  noDefaultServiceAccount,
  noSecretsInEnv,
  podAutomountTokenDisabled,
  pssAllowPrivilegeEscalation,
  pssApparmor,
  pssCapabilitiesBaseline,
  pssCapabilitiesRestricted,
  pssHostNamespaces,
  pssHostPathVolumes,
  pssHostPorts,
  pssHostProbesLifecycle,
  pssPrivileged,
  pssProcMountBaseline,
  pssProcMountRestricted,
  pssRestrictedVolumes,
  pssRunAsNonRoot,
  pssRunAsUser,
  pssSeccompBaseline,
  pssSeccompRestricted,
  pssSelinux,
  pssSysctls,
  pssWindowsHostProcess,
  rbacClusterrolebindingAnonymous,
  rbacClusterrolebindingClusterAdmin,
  rbacClusterroleEscalationVerbs,
  rbacClusterroleSecretsAccess,
  rbacClusterroleWildcard,
  rbacRolebindingAnonymous,
  rbacRolebindingClusterAdmin,
  rbacRoleEscalationVerbs,
  rbacRoleSecretsAccess,
  rbacRoleWildcard,
  readOnlyRootFilesystem,
  requireImageDigest,
  requireLivenessProbe,
  requireReadinessProbe,
  resourcesLimits,
  resourcesRequests,
  restrictServiceExternalIps,
  restrictServiceTypes,
  serviceAccountAutomountTokenDisabled,
};

/** Every catalog rule, sorted by id. */
export const rules: readonly AnyRule[] = Object.freeze(
  [
    allowedRegistries,
    disallowLatestTag,
    ingressTls,
    namespacePssEnforceLabel,
    noDefaultNamespace,
    noDefaultServiceAccount,
    noSecretsInEnv,
    podAutomountTokenDisabled,
    pssAllowPrivilegeEscalation,
    pssApparmor,
    pssCapabilitiesBaseline,
    pssCapabilitiesRestricted,
    pssHostNamespaces,
    pssHostPathVolumes,
    pssHostPorts,
    pssHostProbesLifecycle,
    pssPrivileged,
    pssProcMountBaseline,
    pssProcMountRestricted,
    pssRestrictedVolumes,
    pssRunAsNonRoot,
    pssRunAsUser,
    pssSeccompBaseline,
    pssSeccompRestricted,
    pssSelinux,
    pssSysctls,
    pssWindowsHostProcess,
    rbacClusterroleEscalationVerbs,
    rbacClusterroleSecretsAccess,
    rbacClusterroleWildcard,
    rbacClusterrolebindingAnonymous,
    rbacClusterrolebindingClusterAdmin,
    rbacRoleEscalationVerbs,
    rbacRoleSecretsAccess,
    rbacRoleWildcard,
    rbacRolebindingAnonymous,
    rbacRolebindingClusterAdmin,
    readOnlyRootFilesystem,
    requireImageDigest,
    requireLivenessProbe,
    requireReadinessProbe,
    resourcesLimits,
    resourcesRequests,
    restrictServiceExternalIps,
    restrictServiceTypes,
    serviceAccountAutomountTokenDisabled,
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
);

/** The profile names, from least to most strict. */
export const PROFILE_NAMES = ['pss-baseline', 'pss-restricted', 'hardened'] as const;
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
export const OPT_IN_RULES: readonly string[] = Object.freeze(['require-image-digest']);

function pssLevel(rule: AnyRule): 'baseline' | 'restricted' | undefined {
  for (const c of rule.controls) if (c.standard === 'pss') return c.level;
  return undefined;
}

const baseline = rules.filter((r) => pssLevel(r) === 'baseline');
const overridden = new Set(Object.values(RESTRICTED_OVERRIDES));
const restricted = [
  ...baseline.filter((r) => !overridden.has(r.id)),
  ...rules.filter((r) => pssLevel(r) === 'restricted'),
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const hardened = [
  ...restricted,
  ...rules.filter((r) => pssLevel(r) === undefined && !OPT_IN_RULES.includes(r.id)),
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * The profiles. `pss-baseline`: the PSS baseline controls. `pss-restricted`: baseline plus the
 * restricted controls, where a restricted control replaces the baseline control it overrides
 * upstream (see RESTRICTED_OVERRIDES), so the verdict equals Pod Security Admission's at the
 * restricted level. `hardened`: restricted plus every hardening rule except OPT_IN_RULES.
 */
export const profiles: Readonly<Record<ProfileName, readonly AnyRule[]>> = Object.freeze({
  'pss-baseline': Object.freeze(baseline),
  'pss-restricted': Object.freeze(restricted),
  hardened: Object.freeze(hardened),
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
