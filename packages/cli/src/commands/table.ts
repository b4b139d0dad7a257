/**
 * The declarative command table: `kpc <name>` loads the entry's module and runs its
 * command. Modules load lazily, so `kpc version` and `kpc help` stay fast and `kpc lint`
 * never loads what only `compile` needs.
 */
import type { Command } from './command.ts';

export interface CommandEntry {
  readonly name: string;
  /** One line for `kpc help`. */
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/** Every command, in the order `kpc help` lists them (help and version are built in). */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'lint',
    summary: 'Check manifests against the rules (files, directories, or - for stdin).',
    load: async () => (await import('./lint.ts')).lintCommand,
  },
  {
    name: 'audit',
    summary:
      'Audit cluster dumps (kubectl get -A -o yaml): PolicyReports, --compare with the cluster.',
    load: async () => (await import('./audit.ts')).auditCommand,
  },
  {
    name: 'compile',
    summary: 'Generate Kyverno / Gatekeeper policies from the rules (--check: verify them).',
    load: async () => (await import('./compile.ts')).compileCommand,
  },
  {
    name: 'explain',
    summary: "Show a rule's metadata, parameters, examples and Rule IR (--list: all rules).",
    load: async () => (await import('./explain.ts')).explainCommand,
  },
  {
    name: 'test',
    summary: "Run the selected rules' own pass/fail examples natively.",
    load: async () => (await import('./test.ts')).testCommand,
  },
  {
    name: 'types',
    summary: 'Generate TypeScript types for your CRDs, for typed rules on custom kinds.',
    load: async () => (await import('./types.ts')).typesCommand,
  },
  {
    name: 'demo',
    summary: 'Run the quick-start demo on an example repository (lint, then compile).',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
];
