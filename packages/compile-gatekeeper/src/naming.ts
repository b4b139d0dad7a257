/**
 * Gatekeeper names. A ConstraintTemplate's `metadata.name` must be the lowercase of the
 * CRD kind it declares (`spec.crd.spec.names.kind`); the kind becomes a CRD, so it must
 * be a valid Kubernetes kind (CamelCase, alphanumeric). See
 * https://open-policy-agent.github.io/gatekeeper/website/docs/constrainttemplates
 */

/** `pss-run-as-non-root` → `KpcPssRunAsNonRoot`. */
export function constraintKind(ruleId: string): string {
  const words = ruleId.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  return `Kpc${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;
}

/** The template's `metadata.name` (and the Rego package): the kind in lowercase. */
export function templateName(ruleId: string): string {
  return constraintKind(ruleId).toLowerCase();
}

/** A file-name-safe slug for an example name (lowercase, `[a-z0-9-]`). */
export function exampleSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'example' : slug;
}
