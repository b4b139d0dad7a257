/**
 * The typed shape of `kpc.config.ts`. A config selects rules (catalog ids, a profile, and
 * rule objects imported from the user's own rule files), sets parameters, actions and
 * severities per rule, the lint threshold, excluded namespaces and backend options.
 */
import type { ImageVerification, PodTemplateEntry, RuleAction } from '@kpc/ir';
import type { AnyRule, RuleSeverity } from '../rule/define-rule.ts';
import type { PolicyExceptionSpec } from './exception-spec.ts';

/** A rule's action in the cluster, or `off` to disable it everywhere (lint included). */
export type RuleActionSetting = RuleAction | 'off';

/** A value for one rule parameter; it must match the parameter's declared type. */
export type ParamValue = string | readonly string[] | number | boolean;

/** Per-rule settings. */
export interface RuleSettings {
  /** enforce (deny), audit (report only), warn (admission warning), or off. */
  readonly action?: RuleActionSetting;
  /** Overrides the rule's own severity (for the lint threshold and reports). */
  readonly severity?: RuleSeverity;
  /** Parameter values; unspecified parameters keep the rule's defaults. */
  readonly params?: Readonly<Record<string, ParamValue>>;
}

/** Kyverno policy kinds the Kyverno backend can emit. */
export type KyvernoKind = 'ClusterPolicy' | 'ValidatingPolicy';

/** Backends `kpc compile --target all` builds. */
export type CompileTarget = 'kyverno' | 'gatekeeper' | 'vap';

export interface KpcConfig {
  /** A catalog profile: `pss-baseline`, `pss-restricted`, `hardened` or `cis-control-plane`. */
  readonly profile?: string;
  /**
   * Rules to use besides the profile: catalog rule ids, and rule objects imported from your
   * own rule files (`import teamLabel from './rules/team-label.ts'`). Without `profile` and
   * `rules`, every catalog rule is used.
   */
  readonly rules?: readonly (string | AnyRule)[];
  /** Settings per rule id: an action shorthand (`'off'`, `'audit'`…) or full settings. */
  readonly settings?: Readonly<Record<string, RuleSettings | RuleActionSetting>>;
  /** `kpc lint` exits 1 when a finding has at least this severity. Default `low`. */
  readonly severityThreshold?: RuleSeverity;
  /** The action of rules without their own. Default `enforce`. */
  readonly defaultAction?: RuleAction;
  /** Namespaces no rule applies to, in lint and in the generated policies. */
  readonly excludedNamespaces?: readonly string[];
  /**
   * Recorded exemptions from rules: which rule, which objects, why, who approved it, until
   * when (docs/exceptions.md). Enforced identically by lint and the compiled policies.
   */
  readonly exceptions?: readonly PolicyExceptionSpec[];
  /**
   * YAML files (relative to the config file) that hold more exceptions, as
   * `exceptions: [...]`, so that exception requests can be reviewed as data.
   */
  readonly exceptionFiles?: readonly string[];
  /** Paths `kpc lint` reads when none are given, relative to the config file. */
  readonly manifests?: readonly string[];
  /**
   * CustomResourceDefinition files or directories, relative to the config file: `kpc lint`
   * validates custom resources of these kinds against the CRD's schema.
   */
  readonly crds?: readonly string[];
  /**
   * Custom kinds that carry a pod template, so that every PodSpec rule covers them in lint
   * and in every compiled policy: built-in entries by name (`'Rollout.argoproj.io'`), or
   * `{ group, kind, version?, path | specPath, plural? }` (docs/config.md#podtemplates).
   * Default none.
   */
  readonly podTemplates?: readonly PodTemplateEntry[];
  /**
   * The Kubernetes version manifests are meant for (`'1.29'`, `'v1.29'`): `kpc lint` reports
   * APIs that version no longer serves, or deprecates. Default `1.33`, the version of kpc's
   * types (docs/kubernetes-version.md).
   */
  readonly kubernetesVersion?: string;
  /**
   * Image signature requirements (Cosign keys or keyless identities) per image pattern,
   * compiled to Kyverno ImageValidatingPolicies and Gatekeeper + Ratify; `kpc lint` checks
   * the offline part (docs/image-verification.md). Default none.
   */
  readonly imageVerification?: readonly ImageVerification[];
  readonly pss?: {
    /**
     * The Pod Security Standards policy version the PSS rules and profiles evaluate, as
     * `pod-security.kubernetes.io/enforce-version` pins it: `'latest'` (the default: v1.37,
     * the newest kpc knows) or `'v1.23'` … `'v1.37'`. A newer version is evaluated as v1.37,
     * as upstream does (docs/pss-versions.md). `--pss-version` overrides it.
     */
    readonly version?: string;
  };
  readonly compile?: {
    /** Output directory of `kpc compile`, relative to the config file. Default `policies`. */
    readonly out?: string;
    /** Targets of `kpc compile` without `--target`. Default all (kyverno, gatekeeper, vap). */
    readonly targets?: readonly CompileTarget[];
  };
  readonly kyverno?: {
    /** Kinds to emit per rule. Default `['ValidatingPolicy']` (ClusterPolicy is deprecated upstream). */
    readonly kinds?: readonly KyvernoKind[];
  };
}

/**
 * Declares a kpc configuration with full type checking. Returns the object unchanged
 * (frozen); validation with located diagnostics happens when kpc loads the file.
 */
export function defineConfig(config: KpcConfig): KpcConfig {
  return Object.freeze(config);
}
