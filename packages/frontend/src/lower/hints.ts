/**
 * What the frontend tells a user who wrote something outside the rule language: hints for
 * the globals and methods people reach for, and the fixed rejections of syntax kinds that
 * are never lowered (their message and hint do not depend on the node).
 */
import type { DiagnosticCode } from '@kpc/ir';
import { type Node, SyntaxKind } from 'ts-morph';
import { LowerError } from '../lower-error.ts';
import type { Rejected } from './handler.ts';

const NO_CONVERSION =
  'kpc has no number parsing or arithmetic (each backend would round and parse differently): compare fields that are numbers in the schema with < <= > >=, and test strings such as quantities ("500m", "2Gi") with a regex literal';
/** Hints for `<Global>.<method>(…)` calls, by global namespace. */
export const GLOBAL_CALL_HINTS: Readonly<Record<string, string>> = {
  Array:
    'schema validation runs before rules, so a field typed as a list is a list or absent: test presence with `!== undefined`',
  JSON: 'read the fields you need directly; JSON text is not a value kpc can compare',
  Math: NO_CONVERSION,
  Number: NO_CONVERSION,
  String: `use a template literal \`\${x}\` on strings and numbers`,
  Date: 'rules must not depend on the time they run',
  Reflect: 'read the fields directly',
};
/** Hints for global functions called by name (`Number(x)`, `parseInt(x)`, …). */
export const GLOBAL_FUNCTION_HINTS: Readonly<Record<string, string>> = {
  Number: NO_CONVERSION,
  parseInt: NO_CONVERSION,
  parseFloat: NO_CONVERSION,
  String: `use a template literal \`\${x}\` on strings and numbers`,
  Boolean: "write the condition itself (`x !== undefined`, `x === true`, `x !== ''`)",
  isNaN: NO_CONVERSION,
  encodeURIComponent: 'compare the text as it is',
  decodeURIComponent: 'compare the text as it is',
};
/** Hints for unsupported string methods, by method. */
export const STRING_METHOD_HINTS: Readonly<Record<string, string>> = {
  toLowerCase:
    'there is no case conversion (JavaScript maps Unicode case, CEL and Rego map it differently): list the cases you accept, e.g. `/^(latest|LATEST|Latest)$/.test(tag)`, or a character class `/[Ll][Aa][Tt][Ee][Ss][Tt]/`',
  toUpperCase:
    'there is no case conversion (JavaScript maps Unicode case, CEL and Rego map it differently): list the cases you accept in a regex literal, e.g. `/[Ll][Aa][Tt][Ee][Ss][Tt]/`',
  split:
    'test the parts in place: startsWith/endsWith/includes, or a regex literal such as `/^[^/]+\\/team\\//.test(s)`; for image references use imageRegistry, imageTag and imageDigest from @kpc/core',
  trim: 'Kubernetes values are not padded; test the value as it is, or with a regex literal that allows spaces: `/^ *ok *$/`',
  match: 'use a regex literal with .test: `/^v[0-9]+$/.test(s)`',
  replace: 'test the value with a regex literal instead of rewriting it',
  replaceAll: 'test the value with a regex literal instead of rewriting it',
  indexOf: 'use includes, startsWith or endsWith',
  slice: 'use startsWith/endsWith, or a regex literal that anchors the part you mean',
  substring: 'use startsWith/endsWith, or a regex literal that anchors the part you mean',
  charAt: 'use startsWith, or a regex literal',
};
/**
 * A construct's name as a person writes it: the source text's first word when it is a
 * keyword (`label:`, `with`, `debugger`, `void`…), else the AST kind in words
 * (SwitchStatement → "switch statement").
 */
export function syntaxName(n: Node): string {
  const word = /^[a-z]+\b/.exec(n.getText())?.[0];
  const kind = n
    .getKindName()
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return word !== undefined && kind.includes(word) ? `\`${word}\` (${kind})` : kind;
}

/** A rejection whose text does not depend on the node. */
export interface FixedRejection {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly hint: string;
}

export const NULL_MESSAGE = '`null` does not exist in kpc rules: a null field is absent';
const INCREMENT: FixedRejection = {
  code: 'FE_MUTATION',
  message: '`++` and `--` mutate a variable',
  hint: 'compute a new value instead',
};
const CLASSES: FixedRejection = {
  code: 'FE_UNSUPPORTED_SYNTAX',
  message: 'classes are not allowed in rule functions',
  hint: 'use plain expressions',
};
const FUNCTION_VALUE: FixedRejection = {
  code: 'FE_UNSUPPORTED_SYNTAX',
  message: 'functions can only be passed to every / some / filter / map / flatMap',
  hint: 'inline the expression',
};

/** Expression kinds that are never lowered, by kind. */
export const EXPRESSION_REJECTIONS: { readonly [K in SyntaxKind]?: FixedRejection } = {
  [SyntaxKind.NullKeyword]: {
    code: 'FE_NULL_LITERAL',
    message: NULL_MESSAGE,
    hint: 'compare with `=== undefined`, or supply a default with `??`',
  },
  [SyntaxKind.PostfixUnaryExpression]: INCREMENT,
  [SyntaxKind.TypeAssertionExpression]: {
    code: 'FE_UNSUPPORTED_TYPE',
    message: 'type assertions are not allowed',
    hint: 'remove the assertion',
  },
  [SyntaxKind.AwaitExpression]: {
    code: 'FE_ASYNC',
    message: '`await` is not allowed in rule functions',
    hint: 'rule functions are synchronous',
  },
  [SyntaxKind.ThisKeyword]: {
    code: 'FE_UNSUPPORTED_SYNTAX',
    message: '`this` is not allowed in rule functions',
    hint: 'use the function parameters',
  },
  [SyntaxKind.RegularExpressionLiteral]: {
    code: 'FE_UNSUPPORTED_SYNTAX',
    message: 'a regular expression can only be used as `/…/.test(s)`',
    hint: 'call .test on the literal',
  },
  [SyntaxKind.ArrowFunction]: FUNCTION_VALUE,
  [SyntaxKind.FunctionExpression]: FUNCTION_VALUE,
  [SyntaxKind.ClassExpression]: CLASSES,
  [SyntaxKind.DeleteExpression]: {
    code: 'FE_MUTATION',
    message: '`delete` mutates an object',
    hint: 'rule functions must not mutate',
  },
  [SyntaxKind.TypeOfExpression]: {
    code: 'FE_UNSUPPORTED_SYNTAX',
    message: '`typeof` is not supported',
    hint: 'rely on the declared types; compare with `=== undefined` for absence',
  },
  [SyntaxKind.YieldExpression]: {
    code: 'FE_ASYNC',
    message: 'generators are not allowed in rule functions',
    hint: 'return a list',
  },
};

const LOOP: FixedRejection = {
  code: 'FE_LOOP',
  message: 'loops are not allowed in rule functions',
  hint: 'use every / some / filter / map on the array',
};
const TRY: FixedRejection = {
  code: 'FE_UNSUPPORTED_SYNTAX',
  message: 'try/catch and throw are not allowed in rule functions',
  hint: 'rule functions are total: use ?. and ?? for fields that may be absent',
};

/** Statement kinds that are never lowered (a block body is `const`s and one `return`). */
export const STATEMENT_REJECTIONS: { readonly [K in SyntaxKind]?: FixedRejection } = {
  [SyntaxKind.ForStatement]: LOOP,
  [SyntaxKind.ForOfStatement]: LOOP,
  [SyntaxKind.ForInStatement]: LOOP,
  [SyntaxKind.WhileStatement]: LOOP,
  [SyntaxKind.DoStatement]: LOOP,
  [SyntaxKind.IfStatement]: {
    code: 'FE_UNSUPPORTED_SYNTAX',
    message: '`if` statements are not allowed in rule functions',
    hint: 'use a conditional expression `a ? b : c` or && / ||',
  },
  [SyntaxKind.TryStatement]: TRY,
  [SyntaxKind.ThrowStatement]: TRY,
  [SyntaxKind.ClassDeclaration]: CLASSES,
  [SyntaxKind.FunctionDeclaration]: {
    code: 'FE_UNSUPPORTED_SYNTAX',
    message: 'nested function declarations are not allowed in rule functions',
    hint: 'inline the expression, or use a `const` binding of its value',
  },
  [SyntaxKind.SwitchStatement]: {
    code: 'FE_UNSUPPORTED_SYNTAX',
    message: '`switch` statements are not allowed in rule functions',
    hint: "use a conditional expression `x === 'a' ? … : …`, or `['a', 'b'].includes(x)`",
  },
};

/** `node` rejected for the reason `r` gives. */
export function rejectionAt(node: Node, r: FixedRejection): LowerError {
  return new LowerError(r.code, node, r.message, r.hint);
}

/** A handler's result for one error at `node`. */
export function reject(
  code: DiagnosticCode,
  node: Node,
  message: string,
  hint?: string,
  offset?: number,
): Rejected {
  return [new LowerError(code, node, message, hint, offset)];
}
