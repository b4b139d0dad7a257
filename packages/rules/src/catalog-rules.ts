/**
 * The catalog rules, one re-export per rule file (file name = rule id). index.ts builds the
 * registry and the profiles from this module's exports, so a rule is registered here once.
 */
export { default as allowedImages } from './rules/allowed-images.ts';
export { default as allowedRegistries } from './rules/allowed-registries.ts';
export { default as disallowLatestTag } from './rules/disallow-latest-tag.ts';
export { default as ingressTls } from './rules/ingress-tls.ts';
export { default as namespacePssEnforceLabel } from './rules/namespace-pss-enforce-label.ts';
export { default as noDefaultNamespace } from './rules/no-default-namespace.ts';
export { default as noDefaultServiceAccount } from './rules/no-default-service-account.ts';
export { default as noSecretsInEnv } from './rules/no-secrets-in-env.ts';
export { default as podAutomountTokenDisabled } from './rules/pod-automount-token-disabled.ts';
export { default as pssAllowPrivilegeEscalation } from './rules/pss-allow-privilege-escalation.ts';
export { default as pssApparmor } from './rules/pss-apparmor.ts';
export { default as pssCapabilitiesBaseline } from './rules/pss-capabilities-baseline.ts';
export { default as pssCapabilitiesRestricted } from './rules/pss-capabilities-restricted.ts';
export { default as pssHostNamespaces } from './rules/pss-host-namespaces.ts';
export { default as pssHostPathVolumes } from './rules/pss-host-path-volumes.ts';
export { default as pssHostPorts } from './rules/pss-host-ports.ts';
export { default as pssHostProbesLifecycle } from './rules/pss-host-probes-lifecycle.ts';
export { default as pssPrivileged } from './rules/pss-privileged.ts';
export { default as pssProcMountBaseline } from './rules/pss-proc-mount-baseline.ts';
export { default as pssProcMountRestricted } from './rules/pss-proc-mount-restricted.ts';
export { default as pssRestrictedVolumes } from './rules/pss-restricted-volumes.ts';
export { default as pssRunAsNonRoot } from './rules/pss-run-as-non-root.ts';
export { default as pssRunAsUser } from './rules/pss-run-as-user.ts';
export { default as pssSeccompBaseline } from './rules/pss-seccomp-baseline.ts';
export { default as pssSeccompRestricted } from './rules/pss-seccomp-restricted.ts';
export { default as pssSelinux } from './rules/pss-selinux.ts';
export { default as pssSysctls } from './rules/pss-sysctls.ts';
export { default as pssWindowsHostProcess } from './rules/pss-windows-host-process.ts';
export { default as rbacBindingAnonymous } from './rules/rbac-binding-anonymous.ts';
export { default as rbacBindingClusterAdmin } from './rules/rbac-binding-cluster-admin.ts';
export { default as rbacEscalationVerbs } from './rules/rbac-escalation-verbs.ts';
export { default as rbacSecretsAccess } from './rules/rbac-secrets-access.ts';
export { default as rbacWildcard } from './rules/rbac-wildcard.ts';
export { default as readOnlyRootFilesystem } from './rules/read-only-root-filesystem.ts';
export { default as requireImageDigest } from './rules/require-image-digest.ts';
export { default as requireLivenessProbe } from './rules/require-liveness-probe.ts';
export { default as requireReadinessProbe } from './rules/require-readiness-probe.ts';
export { default as resourcesLimits } from './rules/resources-limits.ts';
export { default as resourcesRequests } from './rules/resources-requests.ts';
export { default as restrictServiceExternalIps } from './rules/restrict-service-external-ips.ts';
export { default as restrictServiceTypes } from './rules/restrict-service-types.ts';
export { default as serviceAccountAutomountTokenDisabled } from './rules/service-account-automount-token-disabled.ts';
