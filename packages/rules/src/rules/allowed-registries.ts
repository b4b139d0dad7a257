import { allContainers, defineRule, imageRegistry } from '@kpc/core';

/** Hardening: images come only from the registries the platform team allows. */
export default defineRule({
  id: 'allowed-registries',
  title: 'Images must come from allowed registries',
  description:
    'The registry host of every container, init container and ephemeral container image must be listed in the allowedRegistries parameter.',
  rationale:
    'Images from arbitrary registries bypass the scanning, signing and provenance controls of the trusted registry, and typosquatted public images are a known supply-chain attack.',
  remediation:
    'Mirror the image into an allowed registry and reference it there, or add the registry to allowedRegistries after review.',
  severity: 'high',
  category: 'Supply chain',
  controls: [
    {
      standard: 'cis',
      id: '5.5.1',
      title: 'Configure Image Provenance using ImagePolicyWebhook admission controller',
    },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Building secure container images' },
    { standard: 'bsi', id: 'SYS.1.6.A6' },
  ],
  params: {
    allowedRegistries: {
      type: 'string[]',
      default: [],
      description:
        'Registry hosts (with port if any) whose images may run, e.g. ["registry.example.com", "ghcr.io"]. Images without a registry are docker.io. Empty (the default) allows no registry: configure it.',
    },
  },
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c, { params }) => params.allowedRegistries.includes(imageRegistry(c.image ?? '')),
  message: (c) =>
    `container "${c.name ?? ''}" uses image "${c.image ?? ''}" from registry "${imageRegistry(c.image ?? '')}", which is not in allowedRegistries`,
  notes: [
    'The registry is the first path component of the image when it contains "." or ":" or is "localhost"; otherwise it is docker.io (Docker reference rules). So "nginx" and "library/nginx" are docker.io images.',
    'Registry hosts are compared exactly (case-sensitive, port included): "registry.example.com:5000" is not "registry.example.com".',
    'Fail closed: the default empty list allows nothing, so the hardened profile reports every image until the parameter is configured.',
  ],
  examples: {
    pass: [
      {
        name: 'deployment-allowed-registry',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: "registry.example.com/team/app:1.0"}
      initContainers:
        - {name: init, image: "registry.example.com/team/init@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}
`,
        params: { allowedRegistries: ['registry.example.com'] },
      },
      {
        name: 'pod-docker-hub-allowed-explicitly',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: "nginx:1.27"}
`,
        params: { allowedRegistries: ['docker.io'] },
      },
    ],
    fail: [
      {
        name: 'pod-implicit-docker-hub',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: "registry.example.com/team/app:1.0"}
    - {name: proxy, image: "envoyproxy/envoy:v1.30"}
`,
        params: { allowedRegistries: ['registry.example.com'] },
        offending: ['/spec/containers/1'],
      },
      {
        name: 'cronjob-registry-port-differs',
        yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - {name: job, image: "registry.example.com:5000/team/job:1.0"}
`,
        params: { allowedRegistries: ['registry.example.com'] },
        offending: ['/spec/jobTemplate/spec/template/spec/containers/0'],
      },
    ],
  },
});
