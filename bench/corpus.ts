/**
 * A deterministic corpus of realistic Kubernetes manifests for the lint benchmark: mixed
 * workload kinds (with pod specs) and their companions (Services, ConfigMaps), written as
 * multi-document YAML files. A seeded PRNG makes every run produce byte-identical files.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a small, fast, seeded PRNG (public-domain algorithm). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusSpec {
  readonly manifests: number;
  readonly perFile: number;
  readonly seed: number;
}

export const DEFAULT_CORPUS: CorpusSpec = { manifests: 10_000, perFile: 20, seed: 20261123 };

const TEAMS = ['shop', 'payments', 'search', 'identity', 'data', 'platform', 'ml', 'growth'];
const REGISTRIES = [
  'registry.example.com',
  'registry.example.com',
  'ghcr.io',
  'docker.io',
  'quay.io',
];
const IMAGES = ['api', 'web', 'worker', 'gateway', 'indexer', 'scheduler', 'exporter', 'cache'];
const WORKLOADS = [
  'Deployment',
  'Deployment',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Pod',
];
const API: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Pod: 'v1',
};

function generator(seed: number) {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

  const container = (name: string, team: string, pad: string): string => {
    const registry = pick(REGISTRIES);
    const image = `${registry}/${team}/${pick(IMAGES)}:${chance(0.1) ? 'latest' : `${int(1, 9)}.${int(0, 30)}.${int(0, 9)}`}`;
    const lines = [
      `${pad}- name: ${name}`,
      `${pad}  image: ${image}`,
      `${pad}  ports:`,
      `${pad}    - {name: http, containerPort: ${pick([8080, 8443, 9090, 3000])}, protocol: TCP}`,
      `${pad}  env:`,
    ];
    for (let i = 0; i < int(0, 2); i++)
      lines.push(
        `${pad}    - {name: ${pick(['LOG_LEVEL', 'REGION', 'FEATURE_FLAGS', 'DB_HOST', 'CACHE_TTL', 'OTEL_ENDPOINT'])}_${i}, value: "${pick(['info', 'eu-west-1', 'a,b,c', 'db.internal', '300', 'http://otel:4317'])}"}`,
      );
    lines.push(
      `${pad}  resources:`,
      `${pad}    requests: {cpu: ${int(1, 8) * 50}m, memory: ${int(1, 16) * 64}Mi}`,
    );
    if (chance(0.8))
      lines.push(`${pad}    limits: {cpu: "${int(1, 4)}", memory: ${int(2, 32) * 64}Mi}`);
    if (chance(0.75))
      lines.push(
        `${pad}  readinessProbe:`,
        `${pad}    httpGet: {path: /ready, port: http}`,
        `${pad}    periodSeconds: 10`,
      );
    if (chance(0.7))
      lines.push(
        `${pad}  livenessProbe:`,
        `${pad}    httpGet: {path: /live, port: http}`,
        `${pad}    initialDelaySeconds: 15`,
      );
    if (chance(0.85)) {
      lines.push(`${pad}  securityContext:`);
      lines.push(`${pad}    allowPrivilegeEscalation: ${chance(0.9) ? 'false' : 'true'}`);
      if (chance(0.8)) lines.push(`${pad}    readOnlyRootFilesystem: true`);
      if (chance(0.8)) lines.push(`${pad}    capabilities: {drop: [ALL]}`);
      else if (chance(0.3)) lines.push(`${pad}    capabilities: {add: [NET_ADMIN]}`);
      if (chance(0.03)) lines.push(`${pad}    privileged: ${pick(['true', 'yes', 'on'])}`);
      if (chance(0.02)) lines.push(`${pad}    runAsNonroot: true`);
    }
    lines.push(`${pad}  volumeMounts:`, `${pad}    - {name: tmp, mountPath: /tmp}`);
    return lines.join('\n');
  };

  const podSpec = (name: string, team: string, pad: string, restart?: string): string => {
    const lines: string[] = [];
    if (restart) lines.push(`${pad}restartPolicy: ${restart}`);
    lines.push(`${pad}serviceAccountName: ${name}`);
    if (chance(0.7)) lines.push(`${pad}automountServiceAccountToken: false`);
    if (chance(0.02)) lines.push(`${pad}hostNetwork: true`);
    if (chance(0.8)) {
      lines.push(
        `${pad}securityContext:`,
        `${pad}  runAsNonRoot: true`,
        `${pad}  runAsUser: ${int(1000, 65000)}`,
      );
      if (chance(0.8)) lines.push(`${pad}  seccompProfile: {type: RuntimeDefault}`);
    }
    if (chance(0.3))
      lines.push(
        `${pad}nodeSelector: {kubernetes.io/os: linux}`,
        `${pad}tolerations:`,
        `${pad}  - {key: dedicated, operator: Equal, value: ${team}, effect: NoSchedule}`,
      );
    if (chance(0.2)) lines.push(`${pad}initContainers:`, container('init', team, `${pad}  `));
    lines.push(`${pad}containers:`);
    const n = chance(0.7) ? 1 : 2;
    for (let i = 0; i < n; i++)
      lines.push(container(i === 0 ? 'app' : `sidecar-${i}`, team, `${pad}  `));
    lines.push(`${pad}volumes:`, `${pad}  - {name: tmp, emptyDir: {}}`);
    if (chance(0.04)) lines.push(`${pad}  - {name: host, hostPath: {path: /var/run}}`);
    return lines.join('\n');
  };

  const metadata = (name: string, ns: string, team: string, pad = ''): string =>
    [
      `${pad}metadata:`,
      `${pad}  name: ${name}`,
      `${pad}  namespace: ${ns}`,
      `${pad}  labels: {app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: ${team}, team: ${team}}`,
      `${pad}  annotations: {owner: "${team}@example.com"}`,
    ].join('\n');

  const workload = (i: number): string => {
    const kind = pick(WORKLOADS);
    const team = pick(TEAMS);
    const name = `${team}-${pick(IMAGES)}-${i}`;
    const ns = chance(0.05) ? 'kube-system' : team;
    const head = `apiVersion: ${API[kind]}\nkind: ${kind}\n${metadata(name, ns, team)}`;
    const tpl = (pad: string, restart?: string) =>
      `${pad}template:\n${pad}  metadata:\n${pad}    labels: {app.kubernetes.io/name: ${name}, team: ${team}}\n${pad}  spec:\n${podSpec(name, team, `${pad}    `, restart)}`;
    switch (kind) {
      case 'Pod':
        return `${head}\nspec:\n${podSpec(name, team, '  ')}`;
      case 'Job':
        return `${head}\nspec:\n  backoffLimit: 3\n${tpl('  ', 'Never')}`;
      case 'CronJob':
        return `${head}\nspec:\n  schedule: "${int(0, 59)} ${int(0, 23)} * * *"\n  jobTemplate:\n    spec:\n${tpl('      ', 'OnFailure')}`;
      case 'DaemonSet':
        return `${head}\nspec:\n  selector:\n    matchLabels: {app.kubernetes.io/name: ${name}}\n${tpl('  ')}`;
      case 'StatefulSet':
        return `${head}\nspec:\n  serviceName: ${name}\n  replicas: ${int(1, 5)}\n  selector:\n    matchLabels: {app.kubernetes.io/name: ${name}}\n${tpl('  ')}`;
      default:
        return `${head}\nspec:\n  replicas: ${int(1, 10)}\n  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n  selector:\n    matchLabels: {app.kubernetes.io/name: ${name}}\n${tpl('  ')}`;
    }
  };

  const companion = (i: number): string => {
    const team = pick(TEAMS);
    const name = `${team}-${pick(IMAGES)}-${i}`;
    if (chance(0.6))
      return `apiVersion: v1\nkind: Service\n${metadata(name, team, team)}\nspec:\n  type: ${chance(0.9) ? 'ClusterIP' : 'NodePort'}\n  selector: {app.kubernetes.io/name: ${name}}\n  ports:\n    - {name: http, port: 80, targetPort: http, protocol: TCP}`;
    return `apiVersion: v1\nkind: ConfigMap\n${metadata(name, team, team)}\ndata:\n  config.yaml: |\n    log:\n      level: info\n    server:\n      port: 8080\n      timeout: 30s\n`;
  };

  return { workload, companion, chance };
}

/**
 * Writes the corpus into `dir` (replacing it) unless a stamp shows the same spec is
 * already there. Returns the file paths and total bytes.
 */
export function ensureCorpus(
  dir: string,
  spec: CorpusSpec = DEFAULT_CORPUS,
): { files: string[]; bytes: number; generated: boolean } {
  const stamp = join(dir, 'corpus.stamp');
  const key = JSON.stringify({ ...spec, generator: 5 });
  const files: string[] = [];
  const fileCount = Math.ceil(spec.manifests / spec.perFile);
  for (let f = 0; f < fileCount; f++)
    files.push(join(dir, `manifests-${String(f).padStart(4, '0')}.yaml`));
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').startsWith(key)) {
    const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
    return { files, bytes, generated: false };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const g = generator(spec.seed);
  let bytes = 0;
  let i = 0;
  for (const file of files) {
    const docs: string[] = [];
    for (let d = 0; d < spec.perFile && i < spec.manifests; d++, i++)
      docs.push(g.chance(0.75) ? g.workload(i) : g.companion(i));
    const text = `${docs.join('\n---\n')}\n`;
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(stamp, `${key}\n`);
  return { files, bytes, generated: true };
}

/** A document that no YAML parser accepts (an unclosed flow sequence), located at its line 4. */
function malformed(i: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad-${i}}\ndata: [unclosed, ${i}\n`;
}

/**
 * One YAML stream of `documents` documents from the corpus generator, with a malformed
 * document (an unclosed flow sequence) as every `badEvery`-th, for the bad-input-under-load
 * benchmark. Written once per spec (stamped like {@link ensureCorpus}).
 */
export function ensureBadStream(
  file: string,
  spec: { readonly documents: number; readonly badEvery: number; readonly seed: number },
): { bytes: number; bad: number; good: number } {
  const stamp = `${file}.stamp`;
  const key = JSON.stringify({ ...spec, generator: 1 });
  const bad = Math.floor(spec.documents / spec.badEvery);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key)
    return { bytes: readFileSync(file).length, bad, good: spec.documents - bad };
  const g = generator(spec.seed);
  const docs: string[] = [];
  for (let i = 1; i <= spec.documents; i++)
    docs.push(
      i % spec.badEvery === 0 ? malformed(i) : g.chance(0.75) ? g.workload(i) : g.companion(i),
    );
  const text = `${docs.join('\n---\n')}\n`;
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  writeFileSync(stamp, key);
  return { bytes: Buffer.byteLength(text), bad, good: spec.documents - bad };
}
