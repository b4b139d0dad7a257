/**
 * fast-check arbitraries for whole Kubernetes objects: every pod-spec kind wrapping the
 * same random pod spec, and the non-workload kinds security rules look at.
 */

import type { RuleTarget } from '@kpc/ir';
import { POD_SPEC_LOCATIONS } from '@kpc/ir';
import fc from 'fast-check';
import { bool, list, object, oneOf } from './arb-field.ts';
import { arbAnnotations, arbLabels, arbObjectMeta, arbPodSpec } from './arb-pod-spec.ts';

/** Every kind that carries a pod spec (the `PodSpec` target). */
export const WORKLOAD_KINDS = POD_SPEC_LOCATIONS.map((l) => l.gvk.kind);

export type WorkloadKind =
  | 'Pod'
  | 'Deployment'
  | 'ReplicaSet'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob'
  | 'ReplicationController'
  | 'PodTemplate';

/** A manifest as a plain JSON object. */
export type Manifest = Record<string, unknown>;

/**
 * Wraps a pod spec (and the pods' metadata) into an object of `kind`, with the fields that
 * kind requires (selectors matching the template labels, a schedule, a Job restart policy).
 */
export function wrapPodSpec(
  kind: WorkloadKind,
  metadata: Manifest,
  podMetadata: Manifest,
  spec: Manifest,
): Manifest {
  const labels = { ...((podMetadata.labels as Record<string, string> | null) ?? {}), app: 'x' };
  const template = { metadata: { ...podMetadata, labels }, spec };
  const selector = { matchLabels: { app: 'x' } };
  switch (kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata, spec };
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      return { apiVersion: 'apps/v1', kind, metadata, spec: { selector, template } };
    case 'StatefulSet':
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata,
        spec: { selector, serviceName: 'svc', template },
      };
    case 'Job':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata,
        spec: { template: { ...template, spec: { ...spec, restartPolicy: 'Never' } } },
      };
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata,
        spec: {
          schedule: '0 2 * * *',
          jobTemplate: {
            spec: { template: { ...template, spec: { ...spec, restartPolicy: 'OnFailure' } } },
          },
        },
      };
    case 'ReplicationController':
      return { apiVersion: 'v1', kind, metadata, spec: { selector: { app: 'x' }, template } };
    case 'PodTemplate':
      return { apiVersion: 'v1', kind, metadata, template };
  }
}

/** Options of `arbWorkload`. */
export interface ArbWorkloadOptions {
  /** Only these kinds (default: every pod-spec kind). */
  readonly kinds?: readonly WorkloadKind[];
}

/**
 * A workload of any pod-spec kind (or of `options.kinds`) around a random pod spec.
 * Schema-valid; explicit `null`s appear where a field is optional (normalisation drops them).
 */
export function arbWorkload(options: ArbWorkloadOptions = {}): fc.Arbitrary<Manifest> {
  const kinds = options.kinds ?? (WORKLOAD_KINDS as readonly WorkloadKind[]);
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      metadata: arbObjectMeta(),
      podMetadata: object({}, { labels: arbLabels(), annotations: arbAnnotations() }),
      spec: arbPodSpec(),
    })
    .map(({ kind, metadata, podMetadata, spec }) =>
      wrapPodSpec(kind, metadata, podMetadata as Manifest, spec),
    );
}

/** Kinds `arbObject` generates. */
export type ObjectKind =
  | 'Service'
  | 'Ingress'
  | 'Namespace'
  | 'Role'
  | 'ClusterRole'
  | 'RoleBinding'
  | 'ClusterRoleBinding'
  | 'ServiceAccount';

const policyRule = () =>
  object(
    {
      verbs: list(oneOf('get', 'list', 'watch', 'create', '*', 'escalate', 'bind', 'impersonate')),
    },
    {
      apiGroups: list(oneOf('', 'apps', 'rbac.authorization.k8s.io', '*')),
      resources: list(oneOf('pods', 'secrets', 'pods/exec', 'roles', '*', 'nodes/proxy')),
      resourceNames: list(oneOf('a', 'b')),
      nonResourceURLs: list(oneOf('/healthz', '*')),
    },
  );

const subject = () =>
  fc.oneof(
    object(
      { kind: fc.constant('ServiceAccount'), name: oneOf('default', 'app') },
      { namespace: oneOf('default', 'team-a') },
    ),
    object({
      kind: fc.constant('Group'),
      apiGroup: fc.constant('rbac.authorization.k8s.io'),
      name: oneOf('system:anonymous', 'system:unauthenticated', 'system:authenticated', 'devs'),
    }),
    object({
      kind: fc.constant('User'),
      apiGroup: fc.constant('rbac.authorization.k8s.io'),
      name: oneOf('system:anonymous', 'alice'),
    }),
  );

const roleRef = () =>
  object({
    apiGroup: fc.constant('rbac.authorization.k8s.io'),
    kind: oneOf('Role', 'ClusterRole'),
    name: oneOf('cluster-admin', 'view', 'edit', 'custom'),
  });

/** A non-workload object of `kind`, schema-valid, biased toward security-relevant fields. */
export function arbObject(kind: ObjectKind): fc.Arbitrary<Manifest> {
  const head = (apiVersion: string, namespaced: boolean) =>
    fc.record({
      apiVersion: fc.constant(apiVersion),
      kind: fc.constant(kind),
      metadata: arbObjectMeta(namespaced),
    });
  const withBody = (apiVersion: string, namespaced: boolean, body: fc.Arbitrary<Manifest>) =>
    fc.tuple(head(apiVersion, namespaced), body).map(([h, b]) => ({ ...h, ...b }));
  const rbac = 'rbac.authorization.k8s.io/v1';
  switch (kind) {
    case 'Service':
      return withBody(
        'v1',
        true,
        object({
          spec: object(
            {},
            {
              type: oneOf('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'),
              selector: arbLabels(),
              externalIPs: list(oneOf('203.0.113.10', '10.0.0.5')),
              externalName: oneOf('db.example.com'),
              loadBalancerSourceRanges: list(oneOf('0.0.0.0/0', '10.0.0.0/8')),
              ports: list(
                object(
                  { port: fc.integer({ min: 1, max: 65535 }) },
                  {
                    nodePort: fc.integer({ min: 30000, max: 32767 }),
                    targetPort: fc.oneof(fc.integer({ min: 1, max: 65535 }), oneOf('http')),
                    protocol: oneOf('TCP', 'UDP'),
                    name: oneOf('http', 'https'),
                  },
                ),
              ),
            },
          ),
        }),
      );
    case 'Ingress':
      return withBody(
        'networking.k8s.io/v1',
        true,
        object({
          spec: object(
            {},
            {
              ingressClassName: oneOf('nginx', 'internal'),
              tls: list(
                object(
                  {},
                  {
                    hosts: list(
                      oneOf(
                        'example.com',
                        '*.example.com',
                        'a.example.com',
                        '*.a.example.com',
                        '*.com',
                        '*',
                      ),
                    ),
                    secretName: oneOf('tls', ''),
                  },
                ),
              ),
              rules: list(
                object(
                  {},
                  {
                    host: oneOf(
                      'example.com',
                      '*.example.com',
                      'internal.local',
                      'a.example.com',
                      'a.b.example.com',
                      '*.a.example.com',
                      '.example.com',
                      'localhost',
                      '',
                    ),
                    http: object({
                      paths: fc.array(
                        object({
                          path: oneOf('/', '/api'),
                          pathType: oneOf('Prefix', 'Exact', 'ImplementationSpecific'),
                          backend: object({
                            service: object({
                              name: oneOf('web'),
                              port: object({ number: oneOf(80, 443) }),
                            }),
                          }),
                        }),
                        { minLength: 1, maxLength: 2 },
                      ),
                    }),
                  },
                ),
              ),
            },
          ),
        }),
      );
    case 'Namespace':
      return fc
        .tuple(
          head('v1', false),
          fc.dictionary(
            oneOf(
              'pod-security.kubernetes.io/enforce',
              'pod-security.kubernetes.io/audit',
              'pod-security.kubernetes.io/warn',
            ),
            oneOf('privileged', 'baseline', 'restricted'),
            { maxKeys: 3 },
          ),
        )
        .map(([h, pss]) => ({
          ...h,
          metadata: {
            ...h.metadata,
            labels: { ...((h.metadata.labels as object | undefined) ?? {}), ...pss },
          },
        }));
    case 'Role':
      return withBody(rbac, true, object({}, { rules: list(policyRule()) }));
    case 'ClusterRole':
      return withBody(
        rbac,
        false,
        object(
          {},
          {
            rules: list(policyRule()),
            aggregationRule: object({
              clusterRoleSelectors: list(object({ matchLabels: arbLabels() })),
            }),
          },
        ),
      );
    case 'RoleBinding':
      return withBody(rbac, true, object({ roleRef: roleRef() }, { subjects: list(subject()) }));
    case 'ClusterRoleBinding':
      return withBody(
        rbac,
        false,
        object(
          { roleRef: roleRef().map((r) => ({ ...r, kind: 'ClusterRole' })) },
          { subjects: list(subject()) },
        ),
      );
    case 'ServiceAccount':
      return withBody(
        'v1',
        true,
        object(
          {},
          {
            automountServiceAccountToken: bool(),
            secrets: list(object({ name: oneOf('token') })),
            imagePullSecrets: list(object({ name: oneOf('regcred') })),
          },
        ),
      );
  }
}

const OBJECT_KINDS: readonly ObjectKind[] = [
  'Service',
  'Ingress',
  'Namespace',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ServiceAccount',
];

/**
 * Manifests for a rule with `target`: workloads for a podSpec target; for a resources target,
 * objects of every listed kind `arbObject` generates (equally often), plus workloads with
 * weight `otherWeight` (default 0) as objects the rule must ignore. A target with no kind
 * `arbObject` knows gets `arbManifest()`.
 */
export function arbTargetManifests(target: RuleTarget, otherWeight = 0): fc.Arbitrary<Manifest> {
  if (target.kind === 'podSpec') return arbWorkload();
  const kinds = [...new Set(target.resources.map((r) => r.kind))].filter((k): k is ObjectKind =>
    (OBJECT_KINDS as readonly string[]).includes(k),
  );
  if (kinds.length === 0) return arbManifest();
  const own = fc.constantFrom(...kinds).chain(arbObject);
  return otherWeight > 0
    ? fc.oneof(
        { weight: 4, arbitrary: own },
        { weight: otherWeight, arbitrary: arbWorkload() as fc.Arbitrary<Manifest> },
      )
    : own;
}

/** Any object a rule may be given: a workload, or one of the `arbObject` kinds. */
export function arbManifest(): fc.Arbitrary<Manifest> {
  return fc.oneof(
    { weight: 4, arbitrary: arbWorkload() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...OBJECT_KINDS).chain(arbObject),
    },
  );
}
