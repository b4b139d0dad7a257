/** Reporters by name: `kpc lint --format NAME`. */
import { jsonReporter } from './json-reporter.ts';
import { junitReporter } from './junit-reporter.ts';
import { policyReportReporter } from './policyreport-reporter.ts';
import type { Reporter } from './reporter.ts';
import { sarifReporter } from './sarif-reporter.ts';
import { textReporter } from './text-reporter.ts';

/** The built-in reporters, in the order `--help` lists them. */
export const REPORTERS: ReadonlyMap<string, Reporter> = new Map(
  [textReporter, jsonReporter, sarifReporter, junitReporter, policyReportReporter].map((r) => [
    r.name,
    r,
  ]),
);

/** The reporter called `name`, or undefined. */
export function getReporter(name: string): Reporter | undefined {
  return REPORTERS.get(name);
}

/** Names of the built-in reporters. */
export function reporterNames(): string[] {
  return [...REPORTERS.keys()];
}
