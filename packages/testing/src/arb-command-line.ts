/**
 * Command lines for containers: control-plane binaries (kube-apiserver, kube-controller-manager,
 * kube-scheduler, etcd, with and without a path) and other programs, followed by the flags the
 * CIS control-plane rules read and unrelated ones, in every spelling the flag helpers define
 * (docs/ir.md "Command-line flags"): `--f=v`, `--f v` (two entries), `--f` alone, repeated
 * flags and list values, positional arguments such as a lone `false`, a `--` terminator, the
 * entries split anywhere between `command` and `args`, or no `command` at all. Often the
 * starting point is a command line that passes every CIS check, so both verdicts are common.
 */
import fc from 'fast-check';

/** The programs a container may run. */
export const PROGRAMS = [
  'kube-apiserver',
  '/usr/local/bin/kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  '/usr/local/bin/kube-scheduler',
  'etcd',
  'kube-apiserver-proxy',
  'nginx',
] as const;

/** Flag names the catalog reads, plus unrelated ones. */
export const FLAG_NAMES = [
  '--anonymous-auth',
  '--token-auth-file',
  '--authorization-mode',
  '--enable-admission-plugins',
  '--profiling',
  '--audit-log-path',
  '--audit-log-maxage',
  '--audit-log-maxbackup',
  '--audit-log-maxsize',
  '--tls-cert-file',
  '--tls-private-key-file',
  '--client-ca-file',
  '--etcd-cafile',
  '--etcd-certfile',
  '--etcd-keyfile',
  '--kubelet-client-certificate',
  '--kubelet-client-key',
  '--bind-address',
  '--client-cert-auth',
  '--peer-client-cert-auth',
  '--config',
  '--config-file',
  '--data-dir',
  '--v',
  '--secure-port',
] as const;

/** Values: booleans in every strconv.ParseBool spelling and others, numbers, lists, paths. */
export const FLAG_VALUES = [
  'false',
  'true',
  'False',
  'TRUE',
  '0',
  '1',
  'f',
  'maybe',
  '',
  '30',
  '29',
  '10',
  '9',
  '100',
  '99',
  '036',
  '1000',
  'Node,RBAC',
  'RBAC',
  'Node',
  'AlwaysAllow',
  'Node,RBAC,AlwaysAllow',
  'Webhook',
  'NodeRestriction',
  'NamespaceLifecycle,NodeRestriction',
  'NodeRestrictions',
  'AlwaysAdmit',
  '127.0.0.1',
  '0.0.0.0',
  '/etc/kubernetes/pki/ca.crt',
  '--profiling=false',
] as const;

const flag = fc.constantFrom(...FLAG_NAMES);
const value = fc.constantFrom(...FLAG_VALUES);

/** One flag occurrence (one or two argv entries), a positional argument or `--`. */
const token = (): fc.Arbitrary<string[]> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.tuple(flag, value).map(([f, v]): string[] => [`${f}=${v}`]) },
    { weight: 3, arbitrary: fc.tuple(flag, value).map(([f, v]): string[] => [f, v]) },
    { weight: 2, arbitrary: flag.map((f): string[] => [f]) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('false', 'true', 'serve', '--', '-').map((a): string[] => [a]),
    },
  );

/**
 * A command line that passes the catalog's CIS checks for each program (kubeadm's flags plus
 * the CIS settings kubeadm leaves out), so that mutations of it give both verdicts often.
 */
const PASSING: Readonly<Record<string, readonly string[]>> = {
  'kube-apiserver': [
    '--anonymous-auth=false',
    '--authorization-mode=Node,RBAC',
    '--enable-admission-plugins=NodeRestriction',
    '--profiling=false',
    '--audit-log-path=/var/log/kubernetes/audit.log',
    '--audit-log-maxage=30',
    '--audit-log-maxbackup=10',
    '--audit-log-maxsize=100',
    '--client-ca-file=/etc/kubernetes/pki/ca.crt',
    '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
    '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
    '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
    '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
    '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
    '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
    '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
  ],
  'kube-controller-manager': ['--bind-address=127.0.0.1', '--profiling=false'],
  'kube-scheduler': ['--bind-address=127.0.0.1', '--profiling=false'],
  etcd: ['--client-cert-auth=true', '--data-dir=/var/lib/etcd', '--peer-client-cert-auth=true'],
};

/** `--f=v` as two arguments `--f`, `v` (which changes the meaning for a boolean flag). */
function separate(entry: string): string[] {
  const eq = entry.indexOf('=');
  return eq < 0 ? [entry] : [entry.slice(0, eq), entry.slice(eq + 1)];
}

/**
 * `{ command?, args? }` of a container: a program, often its passing CIS flags with some
 * dropped or written as two arguments, and 0–6 random flag tokens inserted anywhere; the
 * entries split at a random point between `command` and `args`, or only `args` (the image's
 * entrypoint runs).
 */
export function arbCommandLine(): fc.Arbitrary<Record<string, string[]>> {
  return fc
    .record({
      program: fc.constantFrom(...PROGRAMS),
      baseline: fc.boolean(),
      drop: fc.array(fc.nat(), { maxLength: 2 }),
      twoArguments: fc.array(fc.nat(), { maxLength: 2 }),
      inserts: fc.array(fc.tuple(fc.nat(), token()), { maxLength: 6 }),
      split: fc.nat(),
      shape: fc.constantFrom('command', 'command', 'command+args', 'args'),
    })
    .map(
      ({
        program,
        baseline,
        drop,
        twoArguments,
        inserts,
        split,
        shape,
      }): Record<string, string[]> => {
        const base = baseline ? [...(PASSING[program.replace(/^.*\//, '')] ?? [])] : [];
        for (const d of drop) if (base.length > 0) base.splice(d % base.length, 1);
        let entries = base.map((e) => [e]);
        for (const t of twoArguments)
          if (entries.length > 0) {
            const i = t % entries.length;
            entries[i] = separate(entries[i]![0]!);
          }
        for (const [at, tok] of inserts) {
          const i = at % (entries.length + 1);
          entries = [...entries.slice(0, i), tok, ...entries.slice(i)];
        }
        const argv = [program, ...entries.flat()];
        if (shape === 'command') return { command: argv };
        if (shape === 'args') return { args: argv.slice(1) };
        const at = 1 + (split % argv.length);
        return { command: argv.slice(0, at), args: argv.slice(at) };
      },
    );
}
