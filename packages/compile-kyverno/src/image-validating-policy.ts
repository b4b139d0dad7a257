/**
 * Kyverno `policies.kyverno.io/v1` ImageValidatingPolicy for one image verification
 * declaration (docs/image-verification.md). kpc selects the images itself, with the CEL of
 * its `imageMatches` (the same text the ValidatingPolicy of `allowed-images` uses), in
 * `matchImageReferences` (variable `ref`, Kyverno's match environment) and again in the
 * validations, so the verdict never depends on Kyverno's glob dialect. Images come from
 * the pod spec picked by kind (every built-in pod kind; Kyverno's own extractors cover
 * only seven), digests are neither added (`mutateDigest: false`) nor checked by Kyverno:
 * `requireDigest` is kpc's own CEL, as lint checks it.
 */
import {
  admissionVariables,
  celImageMatches,
  celImageParts,
  celString,
  formatCel,
  formattedVariables,
  kindGroups,
  resourceRules,
} from '@kpc/cel';
import {
  IMAGE_CONTAINER_LISTS,
  type ImageVerification,
  POD_SPEC_LOCATIONS,
  type PodSpecLocation,
} from '@kpc/ir';

/** The name of the policies of `v` in every backend. */
export function imageVerificationPolicyName(v: Pick<ImageVerification, 'name'>): string {
  return `verify-images-${v.name}`;
}

/** Fresh CEL identifiers that no Kyverno variable uses. */
function names(): () => string {
  let n = 0;
  return () => `kpc${n++}`;
}

/** A CEL list literal of strings. */
const celList = (xs: readonly string[]): string => `[${xs.map(celString).join(', ')}]`;

/** CEL: the strings `image` of every container list of `spec`, in kpc's order. */
function imagesOf(spec: string): string {
  return IMAGE_CONTAINER_LISTS.map(
    (l) =>
      `(type(${spec}.?${l}.orValue([])) == list ? ${spec}.?${l}.orValue([]) : [])` +
      `.filter(c, type(c) == map && type(c.?image.orValue(null)) == string).map(c, c.image)`,
  ).join(' + ');
}

/** CEL: true when the string `i` matches one pattern of `v`. */
export function imageSelection(v: Pick<ImageVerification, 'images'>, i: string): string {
  return celImageMatches(i, celList(v.images), names());
}

/** CEL: true when the string `i` (a valid reference) carries a digest. */
export function imagePinned(i: string): string {
  const q = 'kpcq';
  return `[${celImageParts(i, names())}].map(${q}, size(${q}) == 4 && ${q}[3] != "")[0]`;
}

const attestorName = (i: number): string => `a${i}`;

function attestor(a: ImageVerification['attestors'][number], i: number): Record<string, unknown> {
  if ('key' in a) return { name: attestorName(i), cosign: { key: { data: a.key } } };
  const k = a.keyless;
  const identity: Record<string, string> = {};
  if (k.issuer !== undefined) identity.issuer = k.issuer;
  if (k.issuerRegExp !== undefined) identity.issuerRegExp = k.issuerRegExp;
  if (k.subject !== undefined) identity.subject = k.subject;
  if (k.subjectRegExp !== undefined) identity.subjectRegExp = k.subjectRegExp;
  return {
    name: attestorName(i),
    cosign: {
      keyless: { identities: [identity] },
      ctlog: { url: k.rekorUrl ?? 'https://rekor.sigstore.dev' },
    },
  };
}

export interface ImageValidatingPolicyOptions {
  readonly excludedNamespaces?: readonly string[];
  readonly locations?: readonly PodSpecLocation[];
}

/** The ImageValidatingPolicy of `v` (a plain object, for the YAML writer). */
export function imageValidatingPolicy(
  v: ImageVerification,
  options: ImageValidatingPolicyOptions = {},
): Record<string, unknown> {
  const groups = kindGroups(
    { target: { kind: 'podSpec' } },
    options.locations ?? POD_SPEC_LOCATIONS,
  );
  const matchConstraints: Record<string, unknown> = { resourceRules: resourceRules(groups) };
  const excluded = options.excludedNamespaces ?? [];
  if (excluded.length > 0)
    matchConstraints.namespaceSelector = {
      matchExpressions: [
        { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...excluded] },
      ],
    };
  const images = imagesOf('variables.podSpec');
  // The roots the policy's CEL reads: here only `images` reads them (variables.podSpec);
  // admissionVariables keeps what the CEL it is given reads.
  const variables = admissionVariables(groups, {
    variables: [],
    validation: images,
    messageExpression: '',
  });
  const selected = `images.kpcImages.filter(i, ${imageSelection(v, 'i')})`;
  const attestors = `[${v.attestors.map((_, i) => `attestors.${attestorName(i)}`).join(', ')}]`;
  const validations: Record<string, string>[] = [];
  if (v.requireDigest === true)
    validations.push({
      expression: formatCel(`${selected}.all(i, ${imagePinned('i')})`),
      message: `images selected by image verification ${v.name} must be pinned by digest (@sha256:…)`,
      messageExpression: formatCel(
        `"images not pinned by digest: " + ${selected}.filter(i, !(${imagePinned('i')})).join(", ")`,
      ),
    });
  validations.push({
    expression: formatCel(`${selected}.all(i, verifyImageSignatures(i, ${attestors}) > 0)`),
    message: `images selected by image verification ${v.name} must be signed by one of its attestors`,
  });
  return {
    apiVersion: 'policies.kyverno.io/v1',
    kind: 'ImageValidatingPolicy',
    metadata: {
      name: imageVerificationPolicyName(v),
      annotations: {
        'kpc.dev/image-verification': v.name,
        'policies.kyverno.io/title': `Verify image signatures: ${v.name}`,
        'policies.kyverno.io/category': 'Supply chain',
        'policies.kyverno.io/subject': 'Pod',
        'policies.kyverno.io/minversion': '1.17.0',
      },
    },
    spec: {
      validationActions: [v.action === 'audit' ? 'Audit' : 'Deny'],
      // Registry errors deny: a signature that cannot be checked is not a signature.
      failurePolicy: 'Fail',
      webhookConfiguration: { timeoutSeconds: 30 },
      // Background scans would fetch every signature again on each pass; admission only.
      evaluation: { background: { enabled: false } },
      autogen: { podControllers: { controllers: [] } },
      matchConstraints,
      matchImageReferences: [{ expression: formatCel(imageSelection(v, 'ref')) }],
      validationConfigurations: { mutateDigest: false, verifyDigest: false, required: false },
      variables: formattedVariables(variables),
      images: [{ name: 'kpcImages', expression: formatCel(images) }],
      attestors: v.attestors.map(attestor),
      validations,
    },
  };
}
