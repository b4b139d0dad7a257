import { allContainers, defineRule } from '@kpc/core';

/** AppArmor profile types allowed by PSS baseline (fields, Kubernetes 1.30+). */
const APPARMOR_TYPES = ['RuntimeDefault', 'Localhost'];
/** Prefix of the deprecated per-container AppArmor annotation. */
const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * PSS baseline "AppArmor".
 * Semantics: k8s.io/pod-security-admission policy/check_appArmorProfile.go: a set
 * appArmorProfile (pod or any container) must have type RuntimeDefault or Localhost; every pod
 * annotation with the container.apparmor.security.beta.kubernetes.io/ prefix — for any name,
 * matching a container or not — must be "", "runtime/default" or start with "localhost/".
 */
export default defineRule({
  id: 'pss-apparmor',
  title: 'Pods must not override the default AppArmor profile',
  description:
    'appArmorProfile.type on the pod and on every container must be RuntimeDefault or Localhost when set, and AppArmor annotations must be runtime/default or localhost/<profile>.',
  rationale:
    'AppArmor confines what a containerised process may do on the node. Setting a profile to Unconfined removes that layer of defence against container escapes.',
  remediation:
    'Remove appArmorProfile (the runtime default applies) or set type: RuntimeDefault or Localhost; remove "unconfined" AppArmor annotations or migrate them to the securityContext.appArmorProfile field.',
  severity: 'medium',
  category: 'Pod Security Standards (Baseline)',
  controls: [
    { standard: 'pss', level: 'baseline', control: 'AppArmor' },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
    { standard: 'bsi', id: 'SYS.1.6.A21' },
  ],
  target: 'PodSpec',
  check: (spec, { metadata }) =>
    (!spec.securityContext?.appArmorProfile ||
      APPARMOR_TYPES.includes(spec.securityContext?.appArmorProfile?.type ?? '')) &&
    allContainers(spec).every(
      (c) =>
        !c.securityContext?.appArmorProfile ||
        APPARMOR_TYPES.includes(c.securityContext?.appArmorProfile?.type ?? ''),
    ) &&
    Object.entries(metadata.annotations ?? {}).every(
      ([key, value]) =>
        !key.startsWith(ANNOTATION_PREFIX) ||
        value === '' ||
        value === 'runtime/default' ||
        value.startsWith('localhost/'),
    ),
  message: () =>
    'pod overrides the default AppArmor profile (appArmorProfile.type other than RuntimeDefault/Localhost on the pod or a container, or an AppArmor annotation other than runtime/default or localhost/*)',
  notes: [
    'The element is the pod spec: the annotations belong to the pod, and upstream checks every annotation with the AppArmor prefix, even one that names no container.',
    'An appArmorProfile that is set without a type fails (upstream compares the empty type). Unset passes: the container runtime default applies.',
    'A container-level RuntimeDefault does not repair a pod-level Unconfined: both settings are checked independently, as upstream.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-runtime-default-field-and-annotation',
        yaml: `apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: runtime/default
spec:
  securityContext: {appArmorProfile: {type: RuntimeDefault}}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {appArmorProfile: {type: Localhost, localhostProfile: k8s-app}}
`,
      },
      {
        name: 'deployment-localhost-annotation',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations:
        container.apparmor.security.beta.kubernetes.io/app: localhost/k8s-app
    spec:
      containers:
        - {name: app, image: registry.example.com/app:1.0}
`,
      },
    ],
    fail: [
      {
        name: 'pod-container-unconfined',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {appArmorProfile: {type: RuntimeDefault}}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      securityContext: {appArmorProfile: {type: Unconfined}}
`,
        offending: ['/spec'],
      },
      {
        name: 'cronjob-unconfined-annotation-for-unknown-container',
        yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            container.apparmor.security.beta.kubernetes.io/other: unconfined
        spec:
          restartPolicy: OnFailure
          containers:
            - {name: job, image: registry.example.com/job:1.0}
`,
        offending: ['/spec/jobTemplate/spec/template/spec'],
      },
    ],
  },
});
