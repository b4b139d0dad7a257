import { allContainers, defineRule, imageDigest } from '@kpc/core';

/** Hardening (opt-in): images are pinned by digest. */
export default defineRule({
  id: 'require-image-digest',
  title: 'Images must be pinned by digest',
  description:
    'Every container, init container and ephemeral container image must reference a digest (image@sha256:…).',
  rationale:
    'Tags are mutable: whoever can push to the repository can change what a tag means. A digest names exactly the bytes that were scanned, signed and approved.',
  remediation:
    'Reference images by digest (registry/app:1.4.2@sha256:…), for example by letting the CI pipeline or a tool like Renovate resolve and update digests.',
  severity: 'low',
  category: 'Supply chain',
  controls: [
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Building secure container images' },
    { standard: 'bsi', id: 'SYS.1.6.A6' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) => imageDigest(c.image ?? '') !== undefined,
  message: (c) =>
    `container "${c.name ?? ''}" uses image "${c.image ?? ''}" without a digest: pin it with @sha256:…`,
  notes: [
    'Opt-in: no profile selects this rule (it needs digest automation in the delivery pipeline). Enable it explicitly in the configuration.',
    'Any "@…" suffix counts as a digest; the digest format itself is validated by the container runtime.',
  ],
  examples: {
    pass: [
      {
        name: 'deployment-tag-and-digest',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: "registry.example.com/team/app:1.4.2@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}
`,
      },
      {
        name: 'pod-digest-only',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: "registry.example.com:5000/app@sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9"}
`,
      },
    ],
    fail: [
      {
        name: 'pod-tag-only',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: "registry.example.com/team/app:1.4.2"}
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'daemonset-ephemeral-without-digest',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
        - {name: agent, image: "registry.example.com/agent@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}
      ephemeralContainers:
        - {name: debug, image: "busybox:1.36"}
`,
        offending: ['/spec/template/spec/ephemeralContainers/0'],
      },
    ],
  },
});
