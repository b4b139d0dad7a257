/**
 * Gatekeeper + Ratify for an image verification declaration (docs/image-verification.md):
 * a ConstraintTemplate whose Rego selects the pod's images with kpc's `imageMatches`
 * (the prelude the `allowed-images` template uses), checks `requireDigest` itself, and asks
 * Ratify through `external_data` for the signatures of the selected images, failing closed:
 * an image is allowed only when Ratify's answer for it says `isSuccess: true`, so a provider
 * error, a missing answer or a system error is a violation. Beside it: the Constraint, the
 * external data Provider, and Ratify's Store, Verifier and KeyManagementProvider objects.
 */
import {
  type Diagnostic,
  diagnostic,
  formatApiVersion,
  IMAGE_CONTAINER_LISTS,
  type ImageVerification,
  POD_SPEC_LOCATIONS,
  type PodSpecLocation,
  type SourceLocation,
} from '@kpc/ir';
import { ADMISSION_TARGET } from './manifests.ts';
import { constraintKind, templateName } from './naming.ts';
import { preludeFor } from './prelude.ts';
import { regoString } from './rego-string.ts';

/** The Provider name Ratify's Helm chart installs and the Rego calls. */
export const RATIFY_PROVIDER = 'ratify-gatekeeper-provider';
/** Ratify's verify endpoint in its chart's default install (namespace gatekeeper-system). */
export const RATIFY_DEFAULT_URL =
  'https://ratify.gatekeeper-system:6001/ratify/gatekeeper/v1/verify';
const RATIFY_API = 'config.ratify.deislabs.io/v1beta1';
const COSIGN_ARTIFACT = 'application/vnd.dev.cosign.artifact.sig.v1+json';

export interface RatifyOptions {
  readonly excludedNamespaces?: readonly string[];
  readonly locations?: readonly PodSpecLocation[];
  /** Ratify's verify URL. Default RATIFY_DEFAULT_URL. */
  readonly url?: string;
  /** Base64 PEM CA bundle of Ratify's TLS certificate; absent: the Provider has none. */
  readonly caBundle?: string;
}

/**
 * Why the declarations cannot be compiled to Ratify exactly, as located GK_UNSUPPORTED
 * errors (`locate(index)` gives a declaration's source location). Ratify applies one trust
 * policy per image scope, so kpc supports one declaration, whose attestors are public keys
 * (any of them) or a single keyless identity.
 */
export function ratifyProblems(
  vs: readonly ImageVerification[],
  locate: (index: number) => SourceLocation | undefined = () => undefined,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const fail = (index: number, message: string, hint: string) => {
    const location = locate(index);
    out.push(
      diagnostic({
        code: 'GK_UNSUPPORTED',
        severity: 'error',
        message,
        hint,
        ...(location ? { location } : {}),
      }),
    );
  };
  if (vs.length > 1)
    fail(
      1,
      `image verification ${vs[1]!.name}: Gatekeeper with Ratify supports one image verification declaration; ${vs.length} are declared`,
      "Ratify's cosign verifier picks one trust policy per image by its own scope syntax, which kpc cannot translate from image patterns exactly; merge the declarations or compile them to Kyverno.",
    );
  vs.forEach((v, i) => {
    const keyless = v.attestors.filter((a) => 'keyless' in a).length;
    if (keyless > 0 && (keyless > 1 || v.attestors.length > 1))
      fail(
        i,
        `image verification ${v.name}: Ratify's cosign trust policy takes public keys or one keyless identity, not ${keyless > 1 ? 'several keyless identities' : 'keys and a keyless identity together'}`,
        'Split the attestors into separate declarations, or compile to Kyverno, whose ImageValidatingPolicy accepts any of several attestors.',
      );
  });
  return out;
}

/** The Rego package and template name of `v`. */
export function ratifyTemplateName(v: Pick<ImageVerification, 'name'>): string {
  return templateName(`verify-images-${v.name}`);
}

/** The Rego module of `v`'s ConstraintTemplate. */
export function imageVerificationRego(
  v: ImageVerification,
  locations: readonly PodSpecLocation[] = POD_SPEC_LOCATIONS,
): string {
  const entry = (key: string, l: PodSpecLocation) =>
    `  ${regoString(key)}: [${l.specPath.map(regoString).join(', ')}],`;
  const table = locations
    .filter((l) => l.gvk.version !== '*')
    .map((l) => entry(`${formatApiVersion(l.gvk)} ${l.gvk.kind}`, l))
    .join('\n');
  // Custom kinds of config podTemplates declared without a version: by group and kind.
  const anyVersion = locations
    .filter((l) => l.gvk.version === '*')
    .map((l) => entry(`${l.gvk.group} ${l.gvk.kind}`, l))
    .join('\n');
  const prelude = preludeFor(new Set(['kpc_image_matches', 'kpc_image_parts']));
  const name = regoString(v.name);
  const digest =
    v.requireDigest === true
      ? `
# requireDigest: every selected image is pinned by digest (kpc_image_parts' digest).
violation contains {"msg": msg, "details": {"image": img}} if {
  some img in kpc_selected
  kpc_image_parts(img)[3] == ""
  msg := sprintf("image %v must be pinned by digest (image verification %v)", [img, ${name}])
}
`
      : '';
  return `package ${ratifyTemplateName(v)}

# Rego v0 with the future keywords, as every kpc template (Gatekeeper 3.12 and later).
import future.keywords

# Generated by kpc from image verification ${JSON.stringify(v.name)}; regenerate with kpc compile.

kpc_patterns := [${v.images.map(regoString).join(', ')}]

# Where the pod spec lives, per "apiVersion kind" (POD_SPEC_LOCATIONS).
kpc_spec_paths := {
${table}
}

# The same for kinds matched in every version of their group, by "group kind".
kpc_group_spec_paths := {
${anyVersion}
}

kpc_object := input.review.object

kpc_spec_path := p if {
  p := kpc_spec_paths[concat(" ", [kpc_object.apiVersion, kpc_object.kind])]
} else := p if {
  i := indexof(kpc_object.apiVersion, "/")
  i >= 0
  p := kpc_group_spec_paths[concat(" ", [substring(kpc_object.apiVersion, 0, i), kpc_object.kind])]
}

kpc_spec := s if {
  s := object.get(kpc_object, kpc_spec_path, {})
  is_object(s)
} else := {}

# Every string image of ${IMAGE_CONTAINER_LISTS.join(', ')}, in that order.
kpc_images := [img |
  some l in [${IMAGE_CONTAINER_LISTS.map(regoString).join(', ')}]
  cs := object.get(kpc_spec, l, [])
  is_array(cs)
  some c in cs
  is_object(c)
  img := c.image
  is_string(img)
]

kpc_selected := [img | some img in kpc_images; kpc_image_matches(img, kpc_patterns)]
${digest}
# One external_data call with every selected image (none when nothing is selected).
kpc_response := external_data({"provider": ${regoString(RATIFY_PROVIDER)}, "keys": kpc_selected}) if {
  count(kpc_selected) > 0
}

# Images Ratify answered with isSuccess true; anything else fails closed.
kpc_verified contains key if {
  some r in kpc_response.responses
  is_array(r)
  key := r[0]
  r[1].isSuccess == true
}

kpc_problem := sprintf("system error: %v", [kpc_response.system_error]) if {
  kpc_response.system_error != ""
} else := sprintf("errors: %v", [kpc_response.errors]) if {
  count(kpc_response.errors) > 0
} else := "no positive answer from the provider"

violation contains {"msg": msg, "details": {"image": img}} if {
  some img in kpc_selected
  not kpc_verified[img]
  msg := sprintf("image %v is not verified as signed by an attestor of image verification %v (%v)", [img, ${name}, kpc_problem])
}

${prelude.join('\n\n')}
`;
}

const managed = { 'app.kubernetes.io/managed-by': 'kpc' };

/** Every object of `v` for Gatekeeper and Ratify, in apply order. */
export function ratifyObjects(
  v: ImageVerification,
  options: RatifyOptions = {},
): Record<string, unknown>[] {
  const locations = options.locations ?? POD_SPEC_LOCATIONS;
  const kind = constraintKind(`verify-images-${v.name}`);
  const groups = new Map<string, string[]>();
  for (const l of locations) {
    const kinds = groups.get(l.gvk.group) ?? [];
    if (!kinds.includes(l.gvk.kind)) kinds.push(l.gvk.kind);
    groups.set(l.gvk.group, kinds);
  }
  const match: Record<string, unknown> = {
    kinds: [...groups].map(([g, kinds]) => ({ apiGroups: [g], kinds })),
  };
  const excluded = options.excludedNamespaces ?? [];
  if (excluded.length > 0) match.excludedNamespaces = [...new Set(excluded)];
  const keys = v.attestors.flatMap((a) => ('key' in a ? [a.key] : []));
  const keyless = v.attestors.flatMap((a) => ('keyless' in a ? [a.keyless] : []))[0];
  const kmpName = (i: number) => `kpc-${v.name}-key-${i}`;
  const trustPolicy: Record<string, unknown> = {
    name: v.name,
    version: '1.0.0',
    scopes: ['*'],
  };
  if (keys.length > 0) trustPolicy.keys = keys.map((_, i) => ({ provider: kmpName(i) }));
  if (keyless !== undefined) {
    const k: Record<string, unknown> = {};
    if (keyless.subject !== undefined) k.certificateIdentity = keyless.subject;
    if (keyless.subjectRegExp !== undefined) k.certificateIdentityRegExp = keyless.subjectRegExp;
    if (keyless.issuer !== undefined) k.certificateOIDCIssuer = keyless.issuer;
    if (keyless.issuerRegExp !== undefined) k.certificateOIDCIssuerRegExp = keyless.issuerRegExp;
    trustPolicy.keyless = k;
    trustPolicy.tLogVerify = true;
    trustPolicy.rekorURL = keyless.rekorUrl ?? 'https://rekor.sigstore.dev';
  }
  const providerSpec: Record<string, unknown> = {
    url: options.url ?? RATIFY_DEFAULT_URL,
    timeout: 10,
  };
  if (options.caBundle !== undefined) providerSpec.caBundle = options.caBundle;
  return [
    {
      apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
      kind: 'Provider',
      metadata: { name: RATIFY_PROVIDER, labels: managed },
      spec: providerSpec,
    },
    {
      apiVersion: RATIFY_API,
      kind: 'Store',
      metadata: { name: 'store-oras', labels: managed },
      spec: { name: 'oras', parameters: { cosignEnabled: true } },
    },
    ...keys.map((key, i) => ({
      apiVersion: RATIFY_API,
      kind: 'KeyManagementProvider',
      metadata: { name: kmpName(i), labels: managed },
      spec: { type: 'inline', parameters: { contentType: 'key', value: key } },
    })),
    {
      apiVersion: RATIFY_API,
      kind: 'Verifier',
      metadata: { name: `verifier-cosign-${v.name}`, labels: managed },
      spec: {
        name: 'cosign',
        artifactTypes: COSIGN_ARTIFACT,
        parameters: { trustPolicies: [trustPolicy] },
      },
    },
    {
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: {
        name: ratifyTemplateName(v),
        labels: managed,
        annotations: {
          'kpc.dev/image-verification': v.name,
          'metadata.gatekeeper.sh/title': `Verify image signatures: ${v.name}`,
          description: `Images matching ${v.images.join(', ')} must be signed by one of the declared Cosign attestors (verified by Ratify).`,
        },
      },
      spec: {
        crd: { spec: { names: { kind } } },
        targets: [{ target: ADMISSION_TARGET, rego: imageVerificationRego(v, locations) }],
      },
    },
    {
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind,
      metadata: {
        name: `verify-images-${v.name}`,
        labels: managed,
        annotations: { 'kpc.dev/image-verification': v.name },
      },
      spec: { enforcementAction: v.action === 'audit' ? 'dryrun' : 'deny', match },
    },
  ];
}
