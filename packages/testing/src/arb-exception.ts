/**
 * Random kpc exceptions for the backends' exception property tests, and lint's verdict with
 * them (the reference every compiled encoding must equal): resources (kind, exact namespace,
 * name globs), namespace globs, labels and image globs, drawn from the values arbWorkload uses
 * so that they select some objects and containers and miss others.
 */
import type { CompileException } from '@kpc/compile';
import { containerAt, exceptionFor, type ResolvedException, subjectOf } from '@kpc/core';
import type { Diagnostic, PodSpecLocation } from '@kpc/ir';
import fc from 'fast-check';

const oneOf = <T>(...xs: T[]) => fc.constantFrom(...xs);

const NAME_GLOBS = ['web', 'api', 'w*', '*', '?pi', 'x-?', '*er', 'n*ly', 'web?', '*-1'];
const NS_GLOBS = ['default', 'team-a', 'prod', 'team-*', '*', 'kube-?ystem', '*a*', 'p?od'];
const IMAGE_GLOBS = [
  'nginx',
  'nginx*',
  '*:latest',
  'registry.example.com/*',
  '*/team/app*',
  'localhost*',
  '*@sha256:*',
  'busybox:1.36',
  '*',
  'quay.io/org/?pp',
];

export interface ArbExceptionOptions {
  /** Draw `images` selectors too (default true). */
  readonly images?: boolean;
  /** Image globs with `?` (default true). */
  readonly imageQuestionMark?: boolean;
}

/** A random exception (id `exc`, never expiring) with at least one selector. */
export function arbException(options: ArbExceptionOptions = {}): fc.Arbitrary<CompileException> {
  const images = IMAGE_GLOBS.filter((g) => options.imageQuestionMark !== false || !g.includes('?'));
  const selectors = {
    resources: fc.array(
      fc
        .record(
          {
            kind: oneOf('Pod', 'Deployment', 'CronJob', 'Job', 'DaemonSet', 'StatefulSet'),
            namespace: oneOf('default', 'team-a', 'prod', 'kube-system'),
            name: oneOf(...NAME_GLOBS),
          },
          { requiredKeys: [] },
        )
        .filter((r) => Object.keys(r).length > 0),
      { minLength: 1, maxLength: 3 },
    ),
    namespaces: fc.array(oneOf(...NS_GLOBS), { minLength: 1, maxLength: 2 }),
    labels: fc.dictionary(oneOf('app', 'team', 'env'), oneOf('web', 'payments', 'prod', 'x'), {
      minKeys: 1,
      maxKeys: 2,
    }),
    ...(options.images !== false
      ? { images: fc.array(oneOf(...images), { minLength: 1, maxLength: 2 }) }
      : {}),
  };
  // One selector alone matches often; several together rarely: draw both.
  const one = fc.oneof(
    ...Object.entries(selectors).map(([k, arb]) =>
      (arb as fc.Arbitrary<unknown>).map((v) => ({ [k]: v })),
    ),
  );
  return fc
    .oneof(one, fc.record(selectors, { requiredKeys: [] }))
    .filter((e) => Object.keys(e).length > 0)
    .map((e) => ({ id: 'exc', reason: 'r', owner: 'o', expires: 'never', ...e }));
}

/** One to three random exceptions with ids `e0`, `e1`, … */
export function arbExceptions(options: ArbExceptionOptions = {}): fc.Arbitrary<CompileException[]> {
  return fc
    .array(arbException(options), { minLength: 1, maxLength: 3 })
    .map((xs) => xs.map((e, i) => ({ ...e, id: `e${i}` })));
}

/**
 * True when `kpc lint` fails `object` for rule `ruleId` with `exceptions` applied: the rule
 * applies and some violation (its pointer) is covered by none of them (@kpc/core
 * exceptionFor, the reference semantics).
 */
export function lintFailsWith(
  verdict: {
    readonly applies?: boolean;
    readonly violations: readonly { readonly pointer?: string }[];
  },
  object: Readonly<Record<string, unknown>>,
  ruleId: string,
  exceptions: readonly CompileException[],
  /** The pod spec table lint used (config `podTemplates`); default the built-in kinds. */
  locations?: readonly PodSpecLocation[],
): boolean {
  const resolved: ResolvedException[] = exceptions.map((e) => ({
    ...e,
    rules: [ruleId],
    location: { file: 'x', line: 1, column: 1 },
  }));
  const subject = subjectOf(object);
  return (
    verdict.applies !== false &&
    verdict.violations.some(
      (v) =>
        exceptionFor(resolved, 0, ruleId, subject, containerAt(object, v.pointer ?? '', locations))
          .exception === undefined,
    )
  );
}

/**
 * The ids of the exceptions a compile refused (its EXC_NOT_COMPILED warnings, which name the
 * exception as `exception "<id>"`: @kpc/compile exceptionNotCompiled).
 */
export function notCompiledExceptionIds(diagnostics: readonly Diagnostic[]): Set<string> {
  return new Set(
    diagnostics
      .filter((d) => d.code === 'EXC_NOT_COMPILED')
      .map((d) => /exception "([^"]+)"/.exec(d.message)?.[1] ?? `(unnamed: ${d.message})`),
  );
}
