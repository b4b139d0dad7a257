/** Where an IR node came from in the rule's TypeScript source (for diagnostics only). */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}
