/**
 * How Kubernetes reads a YAML scalar. The API server, kubectl, Gatekeeper and Kyverno all
 * decode YAML with sigs.k8s.io/yaml, which parses with go-yaml v2 and converts the result to
 * JSON. go-yaml v2 is neither YAML 1.2 nor the YAML 1.1 type repository: it has its own
 * rules, modelled here from its resolver (read, not copied), checked against the real
 * decoder by the goyaml-probe tests when the probe is on PATH.
 *
 * - `y Y yes Yes YES true True TRUE on On ON` are true; the same with n/no/false/off false;
 *   `'' ~ null Null NULL` are null.
 * - `.inf`, `.nan` and their signed/cased forms are floats that JSON cannot hold, so the
 *   conversion to JSON fails: {@link resolveGoYamlPlain} reports them as errors.
 * - A scalar starting with a digit or sign is, after removing every `_`: an integer as Go's
 *   `strconv.ParseInt(s, 0, 64)` reads it (`0x1F`, `0o17`, `0b11`, `017` octal, signs), or
 *   an unsigned 64-bit integer, or a float when it matches `[-+]?(\.d+|d+(\.d*)?)([eE][-+]?d+)?`
 *   and does not overflow; anything else (`1:30`, `1e400`, `0x` overflowing 64 bits) is a string.
 * - A scalar starting with `.` is a float when Go's `strconv.ParseFloat` accepts it (`.5`).
 * - Timestamps stay strings (go-yaml v2 keeps them as text when decoding into interface{}).
 * - Everything else is a string (`e3`, `0o`, `1_` is 1 though: underscores go first).
 */

/** What go-yaml plus the JSON conversion make of one plain scalar. */
export type PlainResolution =
  | { readonly ok: true; readonly value: string | number | boolean | null }
  | { readonly ok: false; readonly reason: string };

const WORDS = new Map<string, boolean | null>();
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])
  WORDS.set(w, true);
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
  WORDS.set(w, false);
for (const w of ['', '~', 'null', 'Null', 'NULL']) WORDS.set(w, null);

const NON_JSON_FLOATS = new Set<string>();
for (const sign of ['', '+', '-'])
  for (const w of ['.inf', '.Inf', '.INF']) NON_JSON_FLOATS.add(sign + w);
for (const w of ['.nan', '.NaN', '.NAN']) NON_JSON_FLOATS.add(w);

/** go-yaml's float syntax (checked after underscores are removed). */
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** What Go's ParseFloat accepts for a text starting with `.` (decimal, `_` between digits). */
const DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)`: the value, or undefined. */
function goParseInt(s: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const sign = m[1] as string;
  const body = m[2] as string;
  let magnitude: bigint;
  const p = body.slice(0, 2).toLowerCase();
  if (p === '0x' || p === '0b') magnitude = BigInt(body.toLowerCase());
  else if (p === '0o') magnitude = BigInt(`0o${body.slice(2)}`);
  else if (body.length > 1 && body[0] === '0') magnitude = BigInt(`0o${body.slice(1)}`);
  else magnitude = BigInt(body);
  const v = sign === '-' ? -magnitude : magnitude;
  if (v >= INT64_MIN && v <= INT64_MAX) return v;
  // ParseUint accepts no sign.
  if (sign === '' && v <= UINT64_MAX) return v;
  return undefined;
}

/** Go's ParseFloat for the forms that reach it: finite only (an overflow is an error). */
function goParseFloat(s: string): number | undefined {
  const v = Number(s.replace(/_/g, ''));
  return Number.isFinite(v) ? v : undefined;
}

/** How a plain (unquoted, untagged) scalar is read by sigs.k8s.io/yaml. */
export function resolveGoYamlPlain(source: string): PlainResolution {
  const word = WORDS.get(source);
  if (word !== undefined) return { ok: true, value: word };
  if (NON_JSON_FLOATS.has(source))
    return {
      ok: false,
      reason: `\`${source}\` is a YAML float that JSON cannot represent; the API server rejects it`,
    };
  const c = source[0];
  if (c === '.') {
    if (DOT_FLOAT.test(source)) {
      const v = goParseFloat(source);
      if (v !== undefined) return { ok: true, value: v };
    }
    return { ok: true, value: source };
  }
  if (c === undefined || !/[-+0-9]/.test(c)) return { ok: true, value: source };
  const plain = source.replace(/_/g, '');
  const int = goParseInt(plain);
  if (int !== undefined) return { ok: true, value: Number(int) };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const v = goParseFloat(plain);
    if (v !== undefined) return { ok: true, value: v };
  }
  return { ok: true, value: source };
}

/** Whether go-yaml reads `source`, written plain, as exactly that string. */
export function goYamlKeepsString(source: string): boolean {
  const r = resolveGoYamlPlain(source);
  return r.ok && r.value === source;
}

/**
 * Characters go-yaml refuses anywhere in a stream ("control characters are not allowed"):
 * everything outside TAB, LF, CR, 0x20-0x7E, NEL, 0xA0-0xD7FF, 0xE000-0xFFFD and the astral
 * planes. Lone surrogates cannot be encoded as UTF-8 at all.
 */
const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match what go-yaml refuses
  /[\0-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff\ud800-\udfff]/u;
export const GOYAML_FORBIDDEN_CHAR = FORBIDDEN;

/**
 * Characters go-yaml reads as line breaks where YAML 1.2 readers (the `yaml` package) do
 * not: NEL, LS, PS, and a CR that is not part of CRLF.
 */
export const GOYAML_EXTRA_LINE_BREAK = /[\u0085\u2028\u2029]|\r(?!\n)/;

/** The index of the first lone surrogate in `s`, or -1. */
export function loneSurrogateIndex(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}
