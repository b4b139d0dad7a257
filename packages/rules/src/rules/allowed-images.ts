import { allContainers, defineRule, imageMatches, imageReference } from '@kpc/core';

/** Hardening (opt-in): images match the repository patterns the platform team allows. */
export default defineRule({
  id: 'allowed-images',
  title: 'Images must match allowed image patterns',
  description:
    'Every container, init container and ephemeral container image, normalised as the kubelet pulls it (docker.io/library/nginx:latest), must match one of the glob patterns of the images parameter.',
  rationale:
    'A registry host alone is too coarse on shared registries: anyone can publish to Docker Hub or ghcr.io. Allowing only the organisations, repositories and tags that are scanned, signed and reviewed keeps typosquatted and unvetted images out of the cluster.',
  remediation:
    'Use an image from an allowed repository (mirror it there if needed), or add a pattern for it to images after review. The finding shows the normalised reference that the patterns are matched against.',
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
    images: {
      type: 'string[]',
      format: 'image-pattern',
      default: [],
      description:
        'Glob patterns over normalised image references, e.g. ["docker.io/myorg/*", "registry.example.com/team/app", "ghcr.io/org/tool:v1.*"]: `*` matches any run of characters (`/` included), `?` one character; a pattern without a tag or digest matches every tag and digest of what it names. Empty (the default) allows no image: configure it.',
    },
  },
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec),
  check: (c, { params }) => imageMatches(c.image ?? '', params.images),
  message: (c) => {
    const ref = imageReference(c.image ?? '');
    return ref === undefined
      ? `container "${c.name ?? ''}" uses image "${c.image ?? ''}", which is not a valid image reference, so no pattern in images allows it`
      : `container "${c.name ?? ''}" uses image "${c.image ?? ''}" (${ref}), which matches no pattern in images`;
  },
  notes: [
    'Images are normalised as the kubelet reads them (the distribution reference grammar): the registry is the first path component when it contains "." or ":", is "localhost" or has an upper-case letter, else docker.io; single names on docker.io get "library/"; index.docker.io is docker.io; an image with neither tag nor digest gets the tag "latest". So "nginx" is docker.io/library/nginx:latest and "myorg/app:1.0" is docker.io/myorg/app:1.0.',
    'Fail closed: an image that is not a valid reference (upper-case repository path, bad tag, a digest other than sha256/sha384/sha512 with its exact length of lower-case hex, an empty or missing image) matches no pattern, so it is reported.',
    'Patterns are globs over the normalised reference, with the glob of exceptions: `*` matches any run of characters including `/` (so docker.io/myorg/* also allows docker.io/myorg/team/app), `?` exactly one. A pattern that names no tag (no ":" after its last "/") matches whatever tag the image has, and one that names no digest (no "@") whatever digest: registry.example.com/team/app allows every tag and digest of that repository, registry.example.com/team/app:1.* only tags starting with "1.", and registry.example.com/team/app@sha256:* only images pinned by digest.',
    'A pattern that cannot match any image is a configuration error with its location: characters outside image references, no registry ("nginx" must be written docker.io/library/nginx), an upper-case repository path, or a pattern without wildcards that is not itself normalised (docker.io/nginx).',
    'Opt-in: no profile selects this rule (its default allows nothing, and hardened already carries allowed-registries). Enable it explicitly with its images parameter.',
  ],
  examples: {
    pass: [
      {
        name: 'deployment-org-on-docker-hub',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: "myorg/web:2.4"}
        - {name: proxy, image: "docker.io/library/nginx:1.27"}
      initContainers:
        - {name: init, image: "registry.example.com:5000/team/init@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}
`,
        params: {
          images: [
            'docker.io/myorg/*',
            'docker.io/library/nginx:1.*',
            'registry.example.com:5000/team/init',
          ],
        },
      },
      {
        name: 'pod-pinned-by-digest',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: tool}
spec:
  containers:
    - {name: tool, image: "ghcr.io/org/tool:v1.2@sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9"}
`,
        params: { images: ['ghcr.io/org/*@sha256:*'] },
      },
    ],
    fail: [
      {
        name: 'pod-tag-outside-pattern',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: "registry.example.com/team/app:1.4"}
    - {name: proxy, image: "nginx"}
    - {name: next, image: "registry.example.com/team/app:2.0"}
`,
        params: { images: ['registry.example.com/team/app:1.*', 'docker.io/library/nginx:1.*'] },
        offending: ['/spec/containers/1', '/spec/containers/2'],
      },
      {
        name: 'cronjob-invalid-reference',
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
            - {name: job, image: "registry.example.com/Team/job:1.0"}
            - {name: side, image: "registry.example.com/team/side:1.0"}
`,
        params: { images: ['registry.example.com/*'] },
        offending: ['/spec/jobTemplate/spec/template/spec/containers/0'],
      },
    ],
  },
});
