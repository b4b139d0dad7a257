/**
 * CEL for the IR's `imageReference` and `imageMatches` helpers: the steps of @kpc/ir
 * `parseImageReference` and `patternMatches`, with the same regular expressions (RE2 reads
 * them as JavaScript does: ASCII classes, no look-around). Uses only functions of the
 * Kubernetes 1.29 CEL environment (and Kyverno's): `indexOf`, `lastIndexOf`, `substring`,
 * `split`, `join`, `matches`. Every text here assumes its input is a string.
 */
import {
  IMAGE_ASCII_REGEX,
  IMAGE_DOMAIN_REGEX,
  IMAGE_IDENTIFIER_REGEX,
  IMAGE_PATH_MAX,
  IMAGE_PATTERN_ALPHABET_REGEX,
  IMAGE_PATTERN_ESCAPED,
  IMAGE_REMAINDER_REGEX,
  IMAGE_UPPERCASE_REGEX,
} from '@kpc/ir';
import { celString } from './literal.ts';

/** Binds `value` to `name` in `body`: `[value].map(name, body)[0]`. */
const bindTo = (value: string, name: string, body: string): string =>
  `[${value}].map(${name}, ${body})[0]`;

/**
 * A list (of `dyn`, the strings): `[registry, path, tag, digest]` of the string `i` (tag and digest `""`
 * when absent, the tag `latest` when both are), or `[]` when `i` is not a valid reference.
 */
export function celImageParts(i: string, fresh: () => string): string {
  const [k, f, d, dom, r0, rem, at, nt, c, p] = Array.from({ length: 10 }, fresh);
  const s = celString;
  const parts =
    `size(${p}) <= ${IMAGE_PATH_MAX} ? [dyn(${dom}), dyn(${p}), ` +
    `dyn(${c} >= 0 ? ${nt}.substring(${c} + 1) : ${at} >= 0 ? "" : "latest"), ` +
    `dyn(${at} >= 0 ? ${rem}.substring(${at} + 1) : "")] : []`;
  const split = bindTo(
    `${rem}.indexOf("@")`,
    at!,
    bindTo(
      `${at} >= 0 ? ${rem}.substring(0, ${at}) : ${rem}`,
      nt!,
      bindTo(
        `${nt}.indexOf(":")`,
        c!,
        bindTo(`${c} >= 0 ? ${nt}.substring(0, ${c}) : ${nt}`, p!, parts),
      ),
    ),
  );
  const valid = `${dom}.matches(${s(IMAGE_DOMAIN_REGEX)}) && ${rem}.matches(${s(IMAGE_REMAINDER_REGEX)})`;
  const isDomain =
    `${k} >= 0 && (${f} == "localhost" || ${f}.contains(".") || ${f}.contains(":") || ` +
    `${f}.matches(${s(IMAGE_UPPERCASE_REGEX)}))`;
  return (
    `(${i}.matches(${s(IMAGE_ASCII_REGEX)}) && !${i}.matches(${s(IMAGE_IDENTIFIER_REGEX)}) ? ` +
    bindTo(
      `${i}.indexOf("/")`,
      k!,
      bindTo(
        `${k} >= 0 ? ${i}.substring(0, ${k}) : ""`,
        f!,
        bindTo(
          isDomain,
          d!,
          bindTo(
            `${d} && ${f} != "index.docker.io" ? ${f} : "docker.io"`,
            dom!,
            bindTo(
              `${d} ? ${i}.substring(${k} + 1) : ${i}`,
              r0!,
              bindTo(
                `${dom} == "docker.io" && !${r0}.contains("/") ? "library/" + ${r0} : ${r0}`,
                rem!,
                `${valid} ? ${split} : []`,
              ),
            ),
          ),
        ),
      ),
    ) +
    ' : [])'
  );
}

/** The normalised reference of the string `i` (a string), or `null` when it is invalid. */
export function celImageReference(i: string, fresh: () => string): string {
  const q = fresh();
  return bindTo(
    celImageParts(i, fresh),
    q,
    `size(${q}) == 4 ? dyn(${q}[0] + "/" + ${q}[1] + (${q}[2] != "" ? ":" + ${q}[2] : "") + ` +
      `(${q}[3] != "" ? "@" + ${q}[3] : "")) : dyn(null)`,
  );
}

/** The anchored regular expression of the pattern `p` (a string in the pattern alphabet). */
function patternRegex(p: string): string {
  let out = p;
  for (const c of IMAGE_PATTERN_ESCAPED)
    out += `.split(${celString(c)}).join(${celString(`\\${c}`)})`;
  return `"^" + ${out}.split("*").join(".*").split("?").join(".") + "$"`;
}

/**
 * True when the string `i` is a valid reference and one string of the list `list` (its text
 * already `dyn`-typed where cel-go could type it statically) matches it as a pattern.
 */
export function celImageMatches(i: string, list: string, fresh: () => string): string {
  const [q, p, pn] = [fresh(), fresh(), fresh()];
  const subject =
    `(${q}[0] + "/" + ${q}[1] + ` +
    // cel-go's lastIndexOf fails on an empty receiver ("index out of range: -1"): guard it.
    `(${pn} != "" && ${pn}.substring(${pn}.lastIndexOf("/") + 1).contains(":") && ${q}[2] != "" ? ":" + ${q}[2] : "") + ` +
    `(${p}.contains("@") && ${q}[3] != "" ? "@" + ${q}[3] : ""))`;
  const one =
    `type(${p}) == string && ${p}.matches(${celString(IMAGE_PATTERN_ALPHABET_REGEX)}) && ` +
    bindTo(
      `${p}.indexOf("@") >= 0 ? ${p}.substring(0, ${p}.indexOf("@")) : ${p}`,
      pn,
      `${subject}.matches(${patternRegex(p)})`,
    );
  return bindTo(celImageParts(i, fresh), q, `size(${q}) == 4 && ${list}.exists(${p}, ${one})`);
}
