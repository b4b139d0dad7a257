/**
 * The Pod Security Standards policy version the PSS rules evaluate, as Pod Security Admission
 * pins it per namespace (`pod-security.kubernetes.io/enforce-version: v1.29`). The catalog's
 * PSS rules whose upstream check changed since v1.23 take it as the integer parameter
 * `pssMinorVersion`; `pss.version` in the config and `--pss-version` set it for all of them
 * (docs/pss-versions.md).
 */

/** The parameter the versioned PSS rules read: the minor of the policy version (`29` = v1.29). */
export const PSS_VERSION_PARAM = 'pssMinorVersion';

/** The oldest policy version kpc implements: v1.23. */
export const PSS_OLDEST_MINOR = 23;

/**
 * The newest policy version kpc implements, and what `latest` means: v1.37, the newest
 * versioned check of k8s.io/pod-security-admission at upstream commit 8f84a87 (July 2026).
 */
export const PSS_NEWEST_MINOR = 37;

/** The default policy version. */
export const DEFAULT_PSS_VERSION = 'latest';

/** A parsed policy version. */
export interface PssVersion {
  /** The minor version the checks are evaluated at (23..PSS_NEWEST_MINOR). */
  readonly minor: number;
  /**
   * The minor that was written, when it is newer than kpc knows: upstream evaluates such a
   * version with its newest checks, and so does kpc (`minor` is then PSS_NEWEST_MINOR).
   */
  readonly newerThanKnown?: number;
}

/** Why a PSS version text is not accepted, with what to do. */
export interface PssVersionProblem {
  readonly problem: string;
  readonly hint: string;
}

/** `v1.29` for a minor. */
export function formatPssVersion(minor: number): string {
  return `v1.${minor}`;
}

/**
 * Parses a policy version as the namespace label takes it: `latest` or `v1.<minor>`
 * (upstream's format; `1.29` without the `v` is refused, as the label refuses it). Versions
 * older than v1.23 are refused; newer than v1.37 are evaluated at v1.37, as upstream does
 * with versions newer than its newest check. Never throws.
 */
export function parsePssVersion(text: string): PssVersion | PssVersionProblem {
  if (text === 'latest') return { minor: PSS_NEWEST_MINOR };
  const m = /^v1\.(0|[1-9][0-9]{0,5})$/.exec(text);
  if (m === null) {
    const bare = /^1\.(0|[1-9][0-9]{0,5})$/.exec(text);
    return {
      problem: `"${JSON.stringify(text).slice(1, -1)}" is not a Pod Security Standards version`,
      hint:
        bare !== null
          ? `Write it as the namespace label does: "v${text}".`
          : `Write "latest" or "v1.<minor>", as in pod-security.kubernetes.io/enforce-version (e.g. "v1.29"); kpc knows ${formatPssVersion(PSS_OLDEST_MINOR)} to ${formatPssVersion(PSS_NEWEST_MINOR)}.`,
    };
  }
  const minor = Number(m[1]);
  if (minor < PSS_OLDEST_MINOR)
    return {
      problem: `Pod Security Standards version ${text} is older than ${formatPssVersion(PSS_OLDEST_MINOR)}, the oldest kpc implements`,
      hint: `Use ${formatPssVersion(PSS_OLDEST_MINOR)} or newer (Kubernetes releases before 1.23 are out of support).`,
    };
  if (minor > PSS_NEWEST_MINOR) return { minor: PSS_NEWEST_MINOR, newerThanKnown: minor };
  return { minor };
}

/** True when parsePssVersion gave a problem. */
export function isPssVersionProblem(v: PssVersion | PssVersionProblem): v is PssVersionProblem {
  return 'problem' in v;
}
