import { defineRule } from '@kpc/core';

/**
 * PSS baseline "HostPath Volumes".
 * Semantics: k8s.io/pod-security-admission policy/check_hostPathVolumes.go: no volume of the
 * pod may have a hostPath source. One finding per offending volume.
 */
export default defineRule({
  id: 'pss-host-path-volumes',
  title: 'Pods must not mount hostPath volumes',
  description: 'No volume of the pod spec may use a hostPath volume source.',
  rationale:
    "A hostPath volume exposes the node's file system to the container: writable paths such as /var/run/containerd.sock, /etc or /root lead directly to node compromise, and even read-only mounts leak credentials and data of other workloads.",
  remediation:
    'Replace hostPath volumes with emptyDir, configMap, secret, projected or persistentVolumeClaim volumes. Node agents that really need host access belong in a namespace with a privileged Pod Security level.',
  severity: 'high',
  category: 'Pod Security Standards (Baseline)',
  controls: [
    { standard: 'pss', level: 'baseline', control: 'HostPath Volumes' },
    { standard: 'cis', id: '5.2.12', title: 'Minimize the admission of HostPath volumes' },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
    { standard: 'bsi', id: 'SYS.1.6.A19' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => spec.volumes ?? [],
  check: (v) => !v.hostPath,
  message: (v) => `volume "${v.name ?? ''}" is a hostPath volume: use another volume type`,
  notes: [
    'Any hostPath source fails, also one mounted read-only and one without a path (`hostPath: {}`, schema-invalid): upstream checks only that the source is set.',
    'Under the restricted profile this rule is replaced by pss-restricted-volumes, which forbids hostPath among other types (upstream overrides the baseline check).',
  ],
  examples: {
    pass: [
      {
        name: 'pod-empty-dir',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
  volumes:
    - {name: cache, emptyDir: {}}
`,
      },
      {
        name: 'statefulset-no-volumes',
        yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - {name: db, image: registry.example.com/db:1.0}
`,
      },
    ],
    fail: [
      {
        name: 'pod-docker-socket',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
  volumes:
    - {name: cache, emptyDir: {}}
    - name: sock
      hostPath: {path: /var/run/docker.sock, type: Socket}
`,
        offending: ['/spec/volumes/1'],
      },
      {
        name: 'daemonset-read-only-host-path',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
        - name: agent
          image: registry.example.com/agent:1.0
          volumeMounts: [{name: logs, mountPath: /host/logs, readOnly: true}]
      volumes:
        - {name: logs, hostPath: {path: /var/log}}
`,
        offending: ['/spec/template/spec/volumes/0'],
      },
    ],
  },
});
