/**
 * Random object sets tuned for the backends' lookup lowerings, and sample rules that read
 * them (the catalog rules' sets are `arbObjectSet`, arb-object-set.ts):
 * namespaces, workloads, NetworkPolicies, ServiceAccounts and PodDisruptionBudgets with names
 * from a small pool, so that lookups by namespace and name both hit and miss. Within one set,
 * an apiVersion/kind/namespace/name is never repeated (a cluster cannot hold two such objects,
 * and Gatekeeper's inventory keeps only one). Some workloads have no namespace, some lookups
 * read a field that may be absent or not a string: the IR's empty-list cases.
 */
import { IR_VERSION, ir, type RuleIR } from '@kpc/ir';
import fc from 'fast-check';

const NAMESPACES = ['team-a', 'team-b', 'kube-system'] as const;
const NAMES = ['default', 'deny-all', 'web', 'api'] as const;

type Obj = Record<string, unknown>;

const namespaceOf = fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined, freq: 6 });

function meta(name: string, namespace: string | undefined, extra: Obj = {}): Obj {
  return { name, ...(namespace === undefined ? {} : { namespace }), ...extra };
}

const arbPod = fc
  .record({
    namespace: namespaceOf,
    name: fc.constantFrom(...NAMES, 'job-1'),
    sa: fc.option(fc.constantFrom(...NAMES, 'builder'), { nil: undefined }),
    automount: fc.option(fc.boolean(), { nil: undefined }),
    labels: fc.option(fc.constantFrom({ app: 'web' }, { app: 'team-a' }, { app: '' }), {
      nil: undefined,
    }),
  })
  .map(({ namespace, name, sa, automount, labels }) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, namespace, labels === undefined ? {} : { labels }),
    spec: {
      ...(sa === undefined ? {} : { serviceAccountName: sa }),
      ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
      containers: [{ name: 'c', image: 'nginx' }],
    },
  }));

const arbDeployment = fc
  .record({
    namespace: namespaceOf,
    name: fc.constantFrom(...NAMES),
    replicas: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  })
  .map(({ namespace, name, replicas }) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, namespace),
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  }));

const arbNetworkPolicy = fc
  .record({
    // Without a namespace now and then: a manifest may omit it (lint), and it sorts first.
    namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined, freq: 3 }),
    name: fc.constantFrom(...NAMES),
    selectAll: fc.boolean(),
  })
  .map(({ namespace, name, selectAll }) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(name, namespace),
    spec: {
      podSelector: selectAll ? {} : { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
    },
  }));

const arbServiceAccount = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACES),
    name: fc.constantFrom(...NAMES, 'builder'),
    automount: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map(({ namespace, name, automount }) => ({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(name, namespace),
    ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
  }));

const arbNamespace = fc
  .record({
    name: fc.constantFrom(...NAMESPACES),
    restricted: fc.boolean(),
  })
  .map(({ name, restricted }) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(
      name,
      undefined,
      restricted ? { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } : {},
    ),
  }));

/** The identity of an object in a cluster: two objects with the same one cannot coexist. */
function identity(o: Obj): string {
  const m = (o.metadata ?? {}) as Obj;
  return `${String(o.apiVersion)}\u0000${String(o.kind)}\u0000${String(m.namespace ?? '')}\u0000${String(m.name)}`;
}

/**
 * A random object set of up to about 20 objects, unique by apiVersion/kind/namespace/name
 * (the first of a repeated identity is kept), in random order.
 */
export function arbLookupObjectSet(): fc.Arbitrary<Obj[]> {
  return fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: arbPod },
        { weight: 2, arbitrary: arbDeployment },
        { weight: 3, arbitrary: arbNetworkPolicy },
        { weight: 3, arbitrary: arbServiceAccount },
        { weight: 2, arbitrary: arbNamespace },
      ),
      { minLength: 1, maxLength: 20 },
    )
    .map((objects) => {
      const seen = new Set<string>();
      return objects.filter((o) => {
        const id = identity(o);
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    });
}

const md = (x: ReturnType<typeof ir.ref>) => ir.get(x, 'metadata');
const pod = { group: '', version: 'v1', kind: 'Pod' } as const;

/**
 * Referential rules over the sets of `arbLookupObjectSet`, each exercising one shape of lookup:
 * `some` over a namespace's objects, "the object or absent" by name, a cluster-scoped kind
 * by name, `every`, `length` of a whole kind, and a filter from a field that may be absent.
 * Every lookup without a name sits where order cannot show (Kyverno's list order is the API
 * server's; docs/backends/kyverno.md).
 */
export const REFERENTIAL_SAMPLE_RULES: readonly RuleIR[] = Object.freeze([
  {
    irVersion: IR_VERSION,
    id: 'xs-default-deny',
    target: { kind: 'podSpec' },
    params: {},
    each: null,
    // Some NetworkPolicy of the pod's namespace selects every pod (an empty podSelector).
    check: ir.comprehension(
      'some',
      ir.lookup('networking.k8s.io/v1', 'NetworkPolicy', {
        namespace: ir.get(ir.ref('metadata'), 'namespace'),
      }),
      'p',
      ir.not(
        ir.truthy(
          'object',
          ir.get(ir.get(ir.get(ir.ref('p'), 'spec'), 'podSelector'), 'matchLabels'),
        ),
      ),
    ),
    message: ir.concat([
      ir.literal('namespace '),
      ir.get(ir.ref('metadata'), 'namespace'),
      ir.literal(' has no NetworkPolicy'),
    ]),
  },
  {
    irVersion: IR_VERSION,
    id: 'xs-token-automount',
    target: { kind: 'resources', resources: [pod] },
    params: {},
    each: null,
    // The pod disables automount itself, or its ServiceAccount (by name, in its namespace) does.
    check: ir.or([
      ir.compare(
        'eq',
        ir.get(ir.get(ir.ref('object'), 'spec'), 'automountServiceAccountToken'),
        ir.literal(false),
      ),
      ir.compare(
        'eq',
        ir.get(
          ir.index(
            ir.lookup('v1', 'ServiceAccount', {
              namespace: ir.get(md(ir.ref('object')), 'namespace'),
              name: ir.get(ir.get(ir.ref('object'), 'spec'), 'serviceAccountName'),
            }),
            ir.literal(0),
          ),
          'automountServiceAccountToken',
        ),
        ir.literal(false),
      ),
    ]),
    message: ir.concat([
      ir.literal('pod '),
      ir.get(md(ir.ref('object')), 'name'),
      ir.literal(' mounts a token of ServiceAccount '),
      ir.get(ir.get(ir.ref('object'), 'spec'), 'serviceAccountName'),
    ]),
  },
  {
    irVersion: IR_VERSION,
    id: 'xs-restricted-namespace',
    target: { kind: 'podSpec' },
    params: {},
    each: null,
    // The pod's Namespace object (cluster-scoped, by name) exists and enforces restricted.
    check: ir.compare(
      'eq',
      ir.index(
        ir.get(
          ir.get(
            ir.index(
              ir.lookup('v1', 'Namespace', { name: ir.get(ir.ref('metadata'), 'namespace') }),
              ir.literal(0),
            ),
            'metadata',
          ),
          'labels',
        ),
        ir.literal('pod-security.kubernetes.io/enforce'),
      ),
      ir.literal('restricted'),
    ),
    message: ir.literal('the namespace does not enforce restricted'),
  },
  {
    irVersion: IR_VERSION,
    id: 'xs-every-sa-named',
    target: {
      kind: 'resources',
      resources: [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
    },
    params: {},
    each: null,
    // Every ServiceAccount of the namespace is not named after the Deployment, and there are
    // fewer than three NetworkPolicies in the whole cluster.
    check: ir.comprehension(
      'every',
      ir.lookup('v1', 'ServiceAccount', { namespace: ir.get(md(ir.ref('object')), 'namespace') }),
      's',
      ir.and([
        ir.not(
          ir.compare('eq', ir.get(md(ir.ref('s')), 'name'), ir.get(md(ir.ref('object')), 'name')),
        ),
        ir.compare(
          'lt',
          ir.length(ir.lookup('networking.k8s.io/v1', 'NetworkPolicy')),
          ir.literal(3),
        ),
      ]),
    ),
    message: ir.literal('a ServiceAccount has the Deployment name, or too many NetworkPolicies'),
  },
  {
    irVersion: IR_VERSION,
    id: 'xs-sa-exists',
    target: { kind: 'resources', resources: [pod] },
    params: {},
    each: null,
    // A ServiceAccount named "default" exists in the namespace whose name the label app gives
    // (a field that is often absent: the empty list).
    check: ir.compare(
      'gt',
      ir.length(
        ir.lookup('v1', 'ServiceAccount', {
          namespace: ir.get(ir.get(md(ir.ref('object')), 'labels'), 'app'),
          name: ir.literal('default'),
        }),
      ),
      ir.literal(0),
    ),
    message: ir.literal('no default ServiceAccount in the namespace the label app names'),
  },
  {
    irVersion: IR_VERSION,
    id: 'xs-name-prefix',
    target: { kind: 'podSpec' },
    params: {},
    each: null,
    // Some NetworkPolicy anywhere is named with the pod's name as a prefix.
    check: ir.comprehension(
      'some',
      ir.lookup('networking.k8s.io/v1', 'NetworkPolicy'),
      'p',
      ir.stringTest(
        'startsWith',
        ir.get(md(ir.ref('p')), 'name'),
        ir.get(ir.ref('metadata'), 'name'),
      ),
    ),
    message: ir.literal('no NetworkPolicy is named after the workload'),
  },
]);
