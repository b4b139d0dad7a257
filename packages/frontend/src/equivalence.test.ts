/**
 * The frontend's strongest test: rules written as users would, exercising every lowering
 * (truthiness by type, optional guards, regexes, maps, computed keys, let, params,
 * helpers), are lowered and the IR interpreter is compared with the rule's own functions
 * on random workloads. A disagreement is a frontend bug (or an interpreter bug).
 */

import {
  checkEquivalence,
  defaultNumRuns,
  irEvaluator,
  loadRuleSource,
  nativeEvaluator,
} from '@kpc/testing';
import { describe, expect, test } from 'vitest';
import { lowerRuleSources } from './lower-rule-files.ts';
import { format, once, type RuleParts, ruleSource } from './test-support.ts';

const RULES: Readonly<Record<string, RuleParts>> = {
  'run-as-non-root (example, adapted)': {
    each: '({ spec }) => [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]',
    check:
      '(c, { spec }) => spec.securityContext?.runAsNonRoot !== false && (c.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot) === true',
    message:
      '(c) => `runAsNonRoot != true: container "${c.name}" (set securityContext.runAsNonRoot=true on the pod or the container; false is not allowed on either)`',
  },
  'truthiness of booleans, strings, numbers, objects and lists': {
    each: '({ spec }) => allContainers(spec)',
    check:
      "(c, { spec }) => !c.securityContext?.privileged && !spec.hostNetwork && (!c.workingDir || c.workingDir.startsWith('/')) && !(c.securityContext?.runAsUser) === !(c.securityContext?.runAsGroup) || !c.ports",
    message: "(c) => 'container ' + c.name + ' is bad: ' + (c.image ?? '(no image)')",
  },
  'optional method calls used as values': {
    each: '({ spec }) => allContainers(spec)',
    check:
      "(c) => c.securityContext?.capabilities?.add?.includes('NET_RAW') !== true && c.args?.some((a) => a.startsWith('--privileged')) !== false && (c.command?.length ?? 0) < 3",
    message:
      '(c) => `${c.name}: ${c.securityContext?.capabilities?.add?.length ?? 0} capabilities added`',
  },
  'optional every / filter / map in conditions': {
    each: '({ spec }) => allContainers(spec)',
    check:
      "(c) => (c.args?.every((a) => a.startsWith('-')) || !c.ports?.filter((p) => p.hostPort !== undefined)) && !c.command?.map((x) => x) !== !c.env?.some((e) => e.name === 'X')",
    message: '(c) => `${c.name}`',
  },
  'images: registries, tags, digests and regexes': {
    params:
      "{ registries: { type: 'string[]', default: ['registry.example.com', 'ghcr.io'], description: 'Allowed registries.' } }",
    each: '({ spec }) => allContainers(spec)',
    check:
      "(c, { params }) => { const image = c.image ?? ''; const registry = imageRegistry(image); return (params.registries.includes(registry) || registry === 'docker.io') && (imageDigest(image) !== undefined || (imageTag(image) ?? 'latest') !== 'latest') && /^[a-z0-9.:\\/@_-]+$/.test(image); }",
    message: "(c) => `image ${c.image ?? ''} of ${c.name} is not allowed`",
  },
  'labels, annotations and AppArmor per container': {
    each: '({ spec }) => spec.containers',
    check:
      "(c, { metadata }) => (metadata.annotations?.[`container.apparmor.security.beta.kubernetes.io/${c.name}`] ?? 'runtime/default') !== 'unconfined' && Object.entries(metadata.labels ?? {}).every(([k, v]) => !k.startsWith('kpc.test/') || v.length > 0) && Object.keys(metadata.annotations ?? {}).filter((k) => k.endsWith(c.name)).length < 5",
    message: '(c) => `container ${c.name} is unconfined`',
  },
  'ports, flatMap, map, ternaries': {
    each: null,
    check:
      "(spec) => { const ports = spec.containers.flatMap((c) => c.ports ?? []); return ports.every((p) => (p.hostPort ?? 0) === 0 || p.hostPort === p.containerPort) && ports.map((p) => p.protocol ?? 'TCP').every((p) => p === 'TCP' ? true : p !== 'SCTP'); }",
    message:
      "(spec) => `pod uses host ports: ${spec.containers.map((c) => c.name).length > 1 ? 'several containers' : 'one container'}`",
  },
  'volumes and pod-level fields': {
    each: '({ spec }) => spec.volumes ?? []',
    check:
      "(v, { spec }) => v.hostPath === undefined && !(v.emptyDir?.medium === 'Memory' && spec.hostIPC === true) && Object.keys(v).length <= 3",
    message: '(v) => `volume ${v.name} uses a hostPath`',
  },
};

describe('lowered IR agrees with the rule function on random workloads', () => {
  const entries = Object.entries(RULES);
  // One TypeScript program for the whole table.
  const loweredAll = once(() =>
    lowerRuleSources(entries.map(([, parts]) => ({ source: ruleSource(parts) }))),
  );
  for (const [i, [name, parts]] of entries.entries()) {
    test(name, async () => {
      const source = ruleSource(parts);
      const lowered = loweredAll()[i]!;
      expect(lowered.diagnostics, format(lowered.diagnostics)).toEqual([]);
      const ir = lowered.rules[0]!.ir;
      const rule = await loadRuleSource(source);
      await checkEquivalence({
        rule: ir,
        evaluators: { native: nativeEvaluator(rule), ir: irEvaluator(ir) },
        numRuns: defaultNumRuns(150),
      });
    }, 120_000);
  }
});
