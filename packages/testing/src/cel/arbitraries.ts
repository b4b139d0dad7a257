/**
 * A small fast-check arbitrary for workloads of every pod-spec kind, biased toward the
 * fields the sample rules read and toward absent vs null vs false, empty lists, and
 * awkward strings. (The shared, schema-driven arbitraries live in @kpc/core/testing.)
 */
import { POD_SPEC_LOCATIONS } from '@kpc/ir';
import fc from 'fast-check';

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> =>
  fc.oneof({ weight: 3, arbitrary: arb }, fc.constant(null), fc.constant(undefined));

/** Strings with quotes, backslashes, newlines, line separators and non-ASCII (BMP) text. */
export const awkwardString = fc.oneof(
  fc.constantFrom('app', 'web', 'sidecar', 'a-b.c', 'SECRET_KEY', 'x', '', 'root', 'debug', 'team'),
  fc.string({
    unit: fc.constantFrom(
      'a',
      'b',
      'z',
      '0',
      '9',
      '-',
      '.',
      '_',
      '"',
      "'",
      '\\',
      '\n',
      '\r',
      '\t',
      '\u2028',
      'é',
      '日',
      '$',
      '{',
      ' ',
      '/',
      ':',
      '@',
    ),
    maxLength: 8,
  }),
);

/** Image references: registries with and without ports, tags, digests, and odd strings. */
export const imageString = fc.oneof(
  fc.constantFrom(
    'nginx',
    'nginx:latest',
    'nginx:1.25',
    'library/nginx',
    'registry.example.com/app:1.0',
    'registry.example.com:5000/team/app',
    'localhost/app:dev',
    'localhost:5000/app@sha256:abc',
    'ghcr.io/org/app@sha256:2c26b46b68ffc68ff99b',
    'docker.io/nginx:1@sha256:x',
    'a:b/c:d',
    ':',
    '@',
    '',
  ),
  fc.string({
    unit: fc.constantFrom('a', 'b', '.', ':', '/', '@', 'x', '1', 'localhost'),
    maxLength: 12,
  }),
);

const securityContext = fc.record(
  {
    privileged: maybe(fc.boolean()),
    runAsNonRoot: maybe(fc.boolean()),
    runAsUser: maybe(fc.constantFrom(0, 1, 1000, -1, 65534, 2147483647)),
  },
  { requiredKeys: [] },
);

const container = fc.record(
  {
    name: awkwardString,
    image: imageString,
    securityContext: maybe(securityContext),
    ports: maybe(
      fc.array(
        fc.record(
          {
            containerPort: fc.constantFrom(80, 443, 8080),
            hostPort: maybe(fc.constantFrom(0, 80, 9090)),
          },
          { requiredKeys: ['containerPort'] },
        ),
        { maxLength: 3 },
      ),
    ),
    resources: maybe(
      fc.record(
        {
          limits: maybe(
            fc.record(
              {
                memory: maybe(fc.constantFrom('128Mi', '', '1Gi')),
                cpu: maybe(fc.constantFrom('500m', '', 1, 2)),
              },
              { requiredKeys: [] },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    env: maybe(
      fc.array(
        fc.record({ name: awkwardString, value: maybe(awkwardString) }, { requiredKeys: ['name'] }),
        { maxLength: 3 },
      ),
    ),
    command: maybe(
      fc.array(fc.constantFrom('sh', 'curl x', 'run.sh', '/bin/app', ''), { maxLength: 3 }),
    ),
    args: maybe(fc.array(fc.constantFrom('-v', '--x'), { maxLength: 5 })),
  },
  { requiredKeys: ['name', 'image'] },
);

const containers = maybe(fc.array(container, { maxLength: 3 }));

const podSpec = fc.record(
  {
    containers,
    initContainers: containers,
    ephemeralContainers: containers,
    hostNetwork: maybe(fc.boolean()),
    securityContext: maybe(securityContext),
    volumes: maybe(
      fc.array(fc.record({ name: fc.constantFrom('data', 'docker-sock', 'tmp') }), {
        maxLength: 2,
      }),
    ),
  },
  { requiredKeys: [] },
);

const labels = maybe(fc.dictionary(awkwardString, awkwardString, { maxKeys: 3 }));

const metadata = fc.record(
  {
    name: fc.constantFrom('web', 'api', 'x'),
    labels,
    annotations: maybe(
      fc.dictionary(fc.constantFrom('kpc.dev/skip', 'a'), fc.constantFrom('true', 'false'), {
        maxKeys: 2,
      }),
    ),
  },
  { requiredKeys: ['name'] },
);

function setPath(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = root;
  path.forEach((k, i) => {
    if (i === path.length - 1) {
      if (value !== undefined) cur[k] = value;
      return;
    }
    cur[k] ??= {};
    cur = cur[k] as Record<string, unknown>;
  });
}

/** A workload of any pod-spec kind (or a Deployment-only field mix), as plain JSON. */
export const workloadArbitrary: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    loc: fc.constantFrom(...POD_SPEC_LOCATIONS),
    spec: maybe(podSpec),
    podMeta: maybe(metadata),
    meta: metadata,
    replicas: maybe(fc.constantFrom(0, 1, 2, 3)),
  })
  .map(({ loc, spec, podMeta, meta, replicas }) => {
    const gv = loc.gvk.group === '' ? loc.gvk.version : `${loc.gvk.group}/${loc.gvk.version}`;
    const obj: Record<string, unknown> = JSON.parse(
      JSON.stringify({ apiVersion: gv, kind: loc.gvk.kind, metadata: meta }),
    );
    const clean = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
    if (loc.gvk.kind !== 'Pod') setPath(obj, loc.metadataPath, clean(podMeta));
    setPath(obj, loc.specPath, clean(spec));
    if (replicas !== undefined && loc.gvk.kind === 'Deployment')
      setPath(obj, ['spec', 'replicas'], replicas);
    return obj;
  });
