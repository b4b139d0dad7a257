/**
 * When built-in Kubernetes API versions were deprecated and removed, and what replaces them.
 * Source: the Kubernetes "Deprecated API Migration Guide"
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/, "Removed APIs by
 * release") and the release notes it links; the deprecation release is the one in which the
 * API server started to answer with a deprecation warning. Versions are Kubernetes minor
 * versions of the 1.x line (`16` is 1.16).
 *
 * Adding a row: one line per apiVersion and kind, `replacement` the apiVersion that serves
 * the same kind (empty when the kind has no successor, as PodSecurityPolicy).
 */

/** One deprecated or removed built-in API: a kind at one apiVersion. */
export interface ApiLifecycle {
  readonly apiVersion: string;
  readonly kind: string;
  /** Minor version that deprecated it (1.x). */
  readonly deprecatedIn: number;
  /** Minor version that stopped serving it (1.x); absent: deprecated, no removal scheduled. */
  readonly removedIn?: number;
  /** The apiVersion that serves this kind instead; `''` when nothing replaces it. */
  readonly replacement: string;
  /** The replacement's kind when it differs (Endpoints → EndpointSlice). */
  readonly replacementKind?: string;
  /** A note for the user when there is no replacement. */
  readonly note?: string;
}

type Row = readonly [
  apiVersion: string,
  kinds: string,
  deprecatedIn: number,
  removedIn: number | undefined,
  replacement: string,
  note?: string,
  replacementKind?: string,
];

// policy/v1beta1 (1.10–1.24) replaced the extensions/v1beta1 PodSecurityPolicy, and is gone too.
const PSP_NOTE =
  "PodSecurityPolicy has no successor: use Pod Security Admission (namespace labels) or kpc's pss-baseline/pss-restricted rules.";

// apiVersion, kinds (comma-separated), deprecated in, removed in, replacement.
const ROWS: readonly Row[] = [
  // Removed in 1.16
  ['extensions/v1beta1', 'DaemonSet,Deployment,ReplicaSet', 9, 16, 'apps/v1'],
  ['apps/v1beta1', 'Deployment,StatefulSet,ReplicaSet,ControllerRevision', 9, 16, 'apps/v1'],
  [
    'apps/v1beta2',
    'DaemonSet,Deployment,ReplicaSet,StatefulSet,ControllerRevision',
    9,
    16,
    'apps/v1',
  ],
  ['extensions/v1beta1', 'NetworkPolicy', 9, 16, 'networking.k8s.io/v1'],
  ['extensions/v1beta1', 'PodSecurityPolicy', 10, 16, '', PSP_NOTE],
  // Removed in 1.22
  [
    'admissionregistration.k8s.io/v1beta1',
    'MutatingWebhookConfiguration,ValidatingWebhookConfiguration',
    16,
    22,
    'admissionregistration.k8s.io/v1',
  ],
  ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', 16, 22, 'apiextensions.k8s.io/v1'],
  ['apiregistration.k8s.io/v1beta1', 'APIService', 19, 22, 'apiregistration.k8s.io/v1'],
  ['authentication.k8s.io/v1beta1', 'TokenReview', 19, 22, 'authentication.k8s.io/v1'],
  [
    'authorization.k8s.io/v1beta1',
    'LocalSubjectAccessReview,SelfSubjectAccessReview,SelfSubjectRulesReview,SubjectAccessReview',
    19,
    22,
    'authorization.k8s.io/v1',
  ],
  ['certificates.k8s.io/v1beta1', 'CertificateSigningRequest', 19, 22, 'certificates.k8s.io/v1'],
  ['coordination.k8s.io/v1beta1', 'Lease', 19, 22, 'coordination.k8s.io/v1'],
  ['extensions/v1beta1', 'Ingress', 14, 22, 'networking.k8s.io/v1'],
  ['networking.k8s.io/v1beta1', 'Ingress,IngressClass', 19, 22, 'networking.k8s.io/v1'],
  [
    'rbac.authorization.k8s.io/v1beta1',
    'ClusterRole,ClusterRoleBinding,Role,RoleBinding',
    17,
    22,
    'rbac.authorization.k8s.io/v1',
  ],
  ['scheduling.k8s.io/v1beta1', 'PriorityClass', 14, 22, 'scheduling.k8s.io/v1'],
  [
    'storage.k8s.io/v1beta1',
    'CSIDriver,CSINode,StorageClass,VolumeAttachment',
    19,
    22,
    'storage.k8s.io/v1',
  ],
  // Removed in 1.25
  ['batch/v1beta1', 'CronJob', 21, 25, 'batch/v1'],
  ['discovery.k8s.io/v1beta1', 'EndpointSlice', 21, 25, 'discovery.k8s.io/v1'],
  ['events.k8s.io/v1beta1', 'Event', 19, 25, 'events.k8s.io/v1'],
  ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', 22, 25, 'autoscaling/v2'],
  ['policy/v1beta1', 'PodDisruptionBudget,Eviction', 21, 25, 'policy/v1'],
  ['policy/v1beta1', 'PodSecurityPolicy', 21, 25, '', PSP_NOTE],
  ['node.k8s.io/v1beta1', 'RuntimeClass', 22, 25, 'node.k8s.io/v1'],
  // Removed in 1.26
  [
    'flowcontrol.apiserver.k8s.io/v1beta1',
    'FlowSchema,PriorityLevelConfiguration',
    23,
    26,
    'flowcontrol.apiserver.k8s.io/v1',
  ],
  ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 23, 26, 'autoscaling/v2'],
  // Removed in 1.27
  ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', 24, 27, 'storage.k8s.io/v1'],
  // Removed in 1.29
  [
    'flowcontrol.apiserver.k8s.io/v1beta2',
    'FlowSchema,PriorityLevelConfiguration',
    26,
    29,
    'flowcontrol.apiserver.k8s.io/v1',
  ],
  // Removed in 1.32
  [
    'flowcontrol.apiserver.k8s.io/v1beta3',
    'FlowSchema,PriorityLevelConfiguration',
    29,
    32,
    'flowcontrol.apiserver.k8s.io/v1',
  ],
  // Deprecated, still served (no removal: GA APIs are not removed within v1).
  [
    'v1',
    'ComponentStatus',
    19,
    undefined,
    '',
    "ComponentStatus has no successor: query the components' health endpoints instead.",
  ],
  [
    'v1',
    'Endpoints',
    33,
    undefined,
    'discovery.k8s.io/v1',
    'Endpoints are replaced by EndpointSlices.',
    'EndpointSlice',
  ],
];

/** Every row of the table, one entry per apiVersion and kind, frozen. */
export const API_LIFECYCLE: readonly ApiLifecycle[] = Object.freeze(
  ROWS.flatMap(([apiVersion, kinds, deprecatedIn, removedIn, replacement, note, replacementKind]) =>
    kinds.split(',').map((kind) =>
      Object.freeze({
        apiVersion,
        kind,
        deprecatedIn,
        ...(removedIn !== undefined ? { removedIn } : {}),
        replacement,
        ...(replacementKind !== undefined ? { replacementKind } : {}),
        ...(note !== undefined ? { note } : {}),
      }),
    ),
  ),
);

const byKey = new Map(API_LIFECYCLE.map((e) => [`${e.apiVersion}\n${e.kind}`, e]));

/** The lifecycle entry of `apiVersion`/`kind`, if it is deprecated or removed. */
export function apiLifecycleOf(apiVersion: string, kind: string): ApiLifecycle | undefined {
  return byKey.get(`${apiVersion}\n${kind}`);
}

/**
 * Built-in API versions that Kubernetes 1.33 serves but kubernetes-models (whose schemas kpc
 * uses) does not describe: alpha and beta APIs. They are known, so never "unknown"; kpc has
 * no schema for them (SCHEMA_UNCHECKED_KIND). From the 1.33 API reference.
 */
export const UNMODELLED_BUILT_IN_KINDS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  {
    'admissionregistration.k8s.io/v1alpha1': [
      'MutatingAdmissionPolicy',
      'MutatingAdmissionPolicyBinding',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
    ],
    'admissionregistration.k8s.io/v1beta1': [
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
    ],
    'authentication.k8s.io/v1alpha1': ['SelfSubjectReview'],
    'authentication.k8s.io/v1beta1': ['SelfSubjectReview'],
    'certificates.k8s.io/v1alpha1': ['ClusterTrustBundle'],
    'certificates.k8s.io/v1beta1': ['ClusterTrustBundle'],
    'coordination.k8s.io/v1alpha2': ['LeaseCandidate'],
    'coordination.k8s.io/v1beta1': ['LeaseCandidate'],
    'internal.apiserver.k8s.io/v1alpha1': ['StorageVersion'],
    'networking.k8s.io/v1beta1': ['IPAddress', 'ServiceCIDR'],
    'resource.k8s.io/v1alpha3': ['DeviceTaintRule'],
    'resource.k8s.io/v1beta1': [
      'DeviceClass',
      'ResourceClaim',
      'ResourceClaimTemplate',
      'ResourceSlice',
    ],
    'resource.k8s.io/v1beta2': [
      'DeviceClass',
      'ResourceClaim',
      'ResourceClaimTemplate',
      'ResourceSlice',
    ],
    'storage.k8s.io/v1alpha1': ['VolumeAttributesClass'],
    'storage.k8s.io/v1beta1': ['VolumeAttributesClass'],
    'storagemigration.k8s.io/v1alpha1': ['StorageVersionMigration'],
  },
);
