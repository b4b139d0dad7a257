import { allContainers, defineRule, imageDigest, imageTag } from '@kpc/core';

/** Hardening: images name a version — a tag other than `latest`, or a digest. */
export default defineRule({
  id: 'disallow-latest-tag',
  title: 'Images must not use the latest tag or no tag',
  description:
    'Every container, init container and ephemeral container image must carry a tag other than latest, or a digest.',
  rationale:
    'An untagged or latest image is a moving target: two nodes may run different code for the same manifest, rollbacks do not roll back, and a compromised upstream push reaches the cluster on the next pull.',
  remediation:
    'Reference an immutable version tag (e.g. app:1.4.2) or, better, a digest (app@sha256:…).',
  severity: 'medium',
  category: 'Supply chain',
  controls: [
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Building secure container images' },
    { standard: 'bsi', id: 'SYS.1.6.A6' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c) =>
    imageDigest(c.image ?? '') !== undefined ||
    (imageTag(c.image ?? '') !== undefined && imageTag(c.image ?? '') !== 'latest'),
  message: (c) =>
    `container "${c.name ?? ''}" uses image "${c.image ?? ''}" without a version tag: pin a version tag or a digest`,
  notes: [
    'An image with a digest passes whatever its tag says ("app:latest@sha256:…" runs the pinned digest).',
    'The tag comparison is exact: "Latest" is a (confusing but) distinct tag and passes.',
    'A registry port is not a tag: "registry.example.com:5000/app" has no tag and fails.',
  ],
  examples: {
    pass: [
      {
        name: 'deployment-version-tag',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: "registry.example.com:5000/team/app:1.4.2"}
`,
      },
      {
        name: 'pod-latest-with-digest',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: "nginx:latest@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}
`,
      },
    ],
    fail: [
      {
        name: 'pod-latest-and-untagged',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: pinned, image: "nginx:1.27"}
    - {name: latest, image: "nginx:latest"}
    - {name: untagged, image: "nginx"}
`,
        offending: ['/spec/containers/1', '/spec/containers/2'],
      },
      {
        name: 'job-registry-port-no-tag',
        yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - {name: init, image: "registry.example.com:5000/team/init"}
      containers:
        - {name: job, image: "registry.example.com/team/job:2.0"}
`,
        offending: ['/spec/template/spec/initContainers/0'],
      },
    ],
  },
});
