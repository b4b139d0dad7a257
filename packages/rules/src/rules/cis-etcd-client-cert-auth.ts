import { allContainers, booleanFlag, defineRule, flagValues } from '@kpc/core';

/**
 * CIS Kubernetes Benchmark v1.9.0, 2.2 and 2.5: etcd requires client certificates from its
 * clients (`--client-cert-auth=true`) and from its peers (`--peer-client-cert-auth=true`).
 *
 * etcd parses its command line with Go's `flag` package, not pflag: parsing stops at the
 * first argument that is not a flag, and `-name` (one dash) is the same flag as `--name`.
 * The check fails closed on both, and on `--config-file` (which replaces every flag).
 */
// An argument Go's flag package reads as a flag: one or two dashes, then a name.
const FLAG_ARGUMENT = /^--?[^-=]/;
const SINGLE_DASH = /^-(client-cert-auth|peer-client-cert-auth)(=|$)/;

export default defineRule({
  id: 'cis-etcd-client-cert-auth',
  title: 'etcd must require client certificates from clients and peers',
  description:
    'Every etcd container (identified by the program in command[0]) must set --client-cert-auth=true and --peer-client-cert-auth=true, with every other argument written as a flag and without --config-file.',
  rationale:
    "etcd holds every object of the cluster, Secrets included. Without client certificate authentication anyone who reaches its port reads and writes the cluster state directly, past all of the API server's authentication, authorization and admission.",
  remediation:
    'Set --client-cert-auth=true and --peer-client-cert-auth=true with --trusted-ca-file and --peer-trusted-ca-file (kubeadm does so by default); write every argument as --flag=value.',
  severity: 'critical',
  category: 'CIS control plane',
  controls: [
    {
      standard: 'cis',
      id: '2.2',
      title: 'Ensure that the --client-cert-auth argument is set to true',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
    {
      standard: 'cis',
      id: '2.5',
      title: 'Ensure that the --peer-client-cert-auth argument is set to true',
      benchmark: 'CIS Kubernetes Benchmark v1.9.0',
    },
  ],
  target: 'PodSpec',
  each: ({ spec }) => allContainers(spec).filter((c) => /(^|\/)etcd$/.test(c.command?.[0] ?? '')),
  check: (c) =>
    booleanFlag(c, '--client-cert-auth') === true &&
    booleanFlag(c, '--peer-client-cert-auth') === true &&
    flagValues(c, '--config-file').length === 0 &&
    [...(c.command ?? []), ...(c.args ?? [])].filter((a) => !FLAG_ARGUMENT.test(a)).length === 1 &&
    ![...(c.command ?? []), ...(c.args ?? [])].some((a) => SINGLE_DASH.test(a)),
  message: (c) =>
    `etcd container "${c.name ?? ''}" must run with --client-cert-auth=true and --peer-client-cert-auth=true, every argument a flag (--flag=value) and no --config-file`,
  notes: [
    'Both flags are boolean (`--client-cert-auth` alone is true; `--client-cert-auth false` is true followed by an argument); the last occurrence wins.',
    "Go's flag package stops at the first argument that is not a flag, so a later --client-cert-auth=true would be ignored by etcd: the rule fails when any argument after the program is not a flag (a value written as a separate argument, `-`, `--`). It also fails on the one-dash spelling of the two flags, which etcd reads but kpc does not, and on --config-file, whose YAML replaces the command line.",
    'etcd also reads ETCD_CLIENT_CERT_AUTH and ETCD_PEER_CLIENT_CERT_AUTH from the environment when the flags are not given; the rule asks for the flags and ignores the environment (a container that relies on it fails).',
  ],
  examples: {
    pass: [
      {
        name: 'kubeadm-etcd',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: etcd, namespace: kube-system}
spec:
  hostNetwork: true
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.5.12-0
    command:
      - etcd
      - --cert-file=/etc/kubernetes/pki/etcd/server.crt
      - --client-cert-auth=true
      - --key-file=/etc/kubernetes/pki/etcd/server.key
      - --peer-client-cert-auth=true
      - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
`,
      },
      {
        name: 'bare-boolean-flags',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: etcd, namespace: kube-system}
spec:
  selector: {matchLabels: {component: etcd}}
  template:
    metadata: {labels: {component: etcd}}
    spec:
      hostNetwork: true
      containers:
      - name: etcd
        image: registry.k8s.io/etcd:3.5.12-0
        command:
          - /usr/local/bin/etcd
        args:
          - --client-cert-auth
          - --peer-client-cert-auth
`,
      },
    ],
    fail: [
      {
        name: 'peer-unset',
        yaml: `apiVersion: v1
kind: Pod
metadata: {name: etcd, namespace: kube-system}
spec:
  hostNetwork: true
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.5.12-0
    command:
      - etcd
      - --client-cert-auth=true
`,
        offending: ['/spec/containers/0'],
      },
      {
        name: 'flags-after-positional',
        yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: etcd, namespace: kube-system}
spec:
  selector: {matchLabels: {component: etcd}}
  template:
    metadata: {labels: {component: etcd}}
    spec:
      hostNetwork: true
      containers:
      - name: etcd
        image: registry.k8s.io/etcd:3.5.12-0
        command:
          - etcd
          - --data-dir
          - /var/lib/etcd
          - --client-cert-auth=true
          - --peer-client-cert-auth=true
`,
        offending: ['/spec/template/spec/containers/0'],
      },
    ],
  },
});
