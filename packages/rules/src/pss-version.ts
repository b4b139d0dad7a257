/**
 * The parameter of the PSS rules whose upstream check changed between policy versions v1.23
 * and latest: the minor of the Pod Security Standards version the check follows. kpc sets it
 * for all of them from `pss.version` / `--pss-version` (PSS_VERSION_PARAM in @kpc/core);
 * docs/pss-versions.md has the table of what changed when.
 */

/** What `latest` means: v1.37 (equals PSS_NEWEST_MINOR of @kpc/core; a test holds them equal). */
export const PSS_MINOR_LATEST = 37;

/** The parameter's description, shown in each versioned rule's docs. */
export const PSS_MINOR_DESCRIPTION =
  'The Pod Security Standards version the check follows, as its minor (29 = v1.29; 23 to 37, default 37 = latest). Set it for every PSS rule at once with pss.version in the config or --pss-version, not per rule.';
