import { defineRule } from '@kpc/core';

/**
 * PSS restricted "Volume Types".
 * Semantics: k8s.io/pod-security-admission policy/check_restrictedVolumes.go: every volume must
 * use one of configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim,
 * projected or secret. A volume with no source at all fails, as upstream. One finding per volume.
 */
export default defineRule({
  id: 'pss-restricted-volumes',
  title: 'Pods may use only the restricted volume types',
  description:
    'Every volume must be one of configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret.',
  rationale:
    'Other volume types (hostPath, nfs, iscsi, rbd, cephfs, gitRepo, flexVolume, cloud disks, …) reach node or infrastructure resources directly, bypassing the cluster administrator’s storage policy; gitRepo even runs git on the node.',
  remediation:
    'Replace the volume with a persistentVolumeClaim (the administrator defines the storage behind it), a csi or ephemeral volume, or one of the configuration volume types.',
  severity: 'medium',
  category: 'Pod Security Standards (Restricted)',
  controls: [
    { standard: 'pss', level: 'restricted', control: 'Volume Types' },
    { standard: 'cis', id: '5.2.12', title: 'Minimize the admission of HostPath volumes' },
    { standard: 'nsa-cisa', section: 'Kubernetes Pod security: Pod security enforcement' },
    { standard: 'bsi', id: 'SYS.1.6.A19' },
  ],
  target: 'PodSpec',
  each: ({ spec }) => spec.volumes ?? [],
  check: (v) =>
    !!v.configMap ||
    !!v.csi ||
    !!v.downwardAPI ||
    !!v.emptyDir ||
    !!v.ephemeral ||
    !!v.image ||
    !!v.persistentVolumeClaim ||
    !!v.projected ||
    !!v.secret,
  message: (v) =>
    `volume "${v.name ?? ''}" is not of an allowed type (configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret)`,
  notes: [
    'A volume that names no source fails: upstream inspects the object as given. (The API server defaults such a volume to emptyDir before admission, so in a cluster it passes; lint it with an explicit emptyDir: {}.)',
    'A volume with an allowed source passes even if it also names a forbidden one; the API server rejects volumes with two sources anyway.',
    'This rule replaces pss-host-path-volumes in the restricted profile, as upstream overrides the baseline check.',
  ],
  examples: {
    pass: [
      {
        name: 'pod-config-volumes',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
  volumes:
    - {name: config, configMap: {name: web-config}}
    - {name: creds, secret: {secretName: web-creds}}
    - {name: tmp, emptyDir: {}}
    - name: token
      projected: {sources: [{serviceAccountToken: {path: token}}]}
`,
      },
      {
        name: 'statefulset-pvc-and-ephemeral',
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
      volumes:
        - {name: data, persistentVolumeClaim: {claimName: data}}
        - name: scratch
          ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}}
`,
      },
    ],
    fail: [
      {
        name: 'pod-nfs-and-host-path',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: registry.example.com/app:1.0}
  volumes:
    - {name: tmp, emptyDir: {}}
    - {name: share, nfs: {server: nfs.example.com, path: /exports}}
    - {name: host, hostPath: {path: /var/log}}
`,
        offending: ['/spec/volumes/1', '/spec/volumes/2'],
      },
      {
        name: 'deployment-volume-without-source',
        yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/app:1.0}
      volumes:
        - name: nothing
`,
        offending: ['/spec/template/spec/volumes/0'],
      },
    ],
  },
});
