/**
 * Test support: the catalog rules (@kpc/rules) with their IR (lowered by the frontend),
 * as CompileRuleInputs. Imported dynamically so that this package's tests report a clear
 * skip reason while the catalog or the frontend is not there.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompileRuleInput } from '@kpc/compile';
import { type AnyRule, k8sStructure } from '@kpc/core';
import type { Diagnostic, RuleIR } from '@kpc/ir';
import { validatedIR } from '@kpc/testing';

const here = dirname(fileURLToPath(import.meta.url));
const RULES_DIR = resolve(here, '../../rules/src/rules');

export interface CatalogRule {
  readonly rule: AnyRule;
  readonly ir: RuleIR;
  readonly input: CompileRuleInput;
}

/** The catalog with IR, or a reason why it cannot be had. */
export async function loadCatalog(): Promise<
  { rules: CatalogRule[]; diagnostics: Diagnostic[] } | { skip: string }
> {
  const catalog = (await import('@kpc/rules' as string).catch((e: unknown) => ({ error: e }))) as {
    rules?: readonly AnyRule[];
    error?: unknown;
  };
  if (!Array.isArray(catalog.rules)) return { skip: '@kpc/rules has no `rules` export yet' };
  const frontend = (await import('@kpc/frontend' as string).catch(() => undefined)) as
    | {
        lowerRuleFiles?: (files: readonly string[]) => {
          rules: { ruleId: string; ir: RuleIR }[];
          diagnostics: Diagnostic[];
        };
      }
    | undefined;
  if (frontend?.lowerRuleFiles === undefined)
    return { skip: '@kpc/core/frontend lowerRuleFiles is not available yet' };
  const files = catalog.rules.map((r) => resolve(RULES_DIR, `${r.id}.ts`)).filter(existsSync);
  const lowered = frontend.lowerRuleFiles(files);
  const byId = new Map(lowered.rules.map((l) => [l.ruleId, l.ir]));
  const rules: CatalogRule[] = [];
  for (const rule of catalog.rules) {
    const ir = byId.get(rule.id);
    if (ir === undefined) continue;
    rules.push({ rule, ir, input: inputOf(rule, ir) });
  }
  return { rules, diagnostics: lowered.diagnostics };
}

/** A catalog rule as the CLI would pass it: defaults, enforce, no exclusions. */
export function inputOf(rule: AnyRule, ir: RuleIR): CompileRuleInput {
  const params: Record<string, string | readonly string[] | number | boolean> = {};
  for (const [name, spec] of Object.entries(rule.params ?? {})) params[name] = spec.default;
  return {
    ir: validatedIR(ir),
    meta: {
      id: rule.id,
      title: rule.title,
      description: rule.description,
      rationale: rule.rationale,
      remediation: rule.remediation,
      severity: rule.severity,
      category: rule.category,
      controls: rule.controls,
    },
    action: 'enforce',
    params,
    excludedNamespaces: [],
    // As kpc compile passes it: the lowering may assume what the Kubernetes schema says.
    schemaTypes: k8sStructure(),
    examples: rule.examples,
  };
}
