/**
 * Command lines for containers: control-plane binaries (kube-apiserver, kube-controller-manager,
 * kube-scheduler, etcd, with and without a path) and other programs, followed by the flags the
 * CIS control-plane rules read and unrelated ones, in every spelling the flag helpers define
 * (docs/ir.md "Command-line flags"): `--f=v`, `--f v` (two entries), `--f` alone, repeated
 * flags and list values, positional arguments such as a lone `false`, a `--` terminator, the
 * entries split anywhere between `command` and `args`, or no `command` at all.
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
    { weight: 5, arbitrary: fc.tuple(flag, value).map(([f, v]) => [`${f}=${v}`]) },
    { weight: 3, arbitrary: fc.tuple(flag, value).map(([f, v]) => [f, v]) },
    { weight: 2, arbitrary: flag.map((f) => [f]) },
    { weight: 1, arbitrary: fc.constantFrom(['false'], ['true'], ['serve'], ['--'], ['-']) },
  );

/**
 * `{ command?, args? }` of a container: a program and 0–8 flag tokens, split at a random
 * point between `command` and `args`; sometimes only `args` (the image's entrypoint runs).
 */
export function arbCommandLine(): fc.Arbitrary<Record<string, string[]>> {
  return fc
    .record({
      program: fc.constantFrom(...PROGRAMS),
      tokens: fc.array(token(), { maxLength: 8 }),
      split: fc.nat(),
      shape: fc.constantFrom('command', 'command+args', 'args'),
    })
    .map(({ program, tokens, split, shape }) => {
      const argv = [program, ...tokens.flat()];
      if (shape === 'command') return { command: argv };
      if (shape === 'args') return { args: argv.slice(1) };
      const at = 1 + (split % argv.length);
      return { command: argv.slice(0, at), args: argv.slice(at) };
    });
}
