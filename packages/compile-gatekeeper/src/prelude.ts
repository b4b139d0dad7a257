/**
 * The Rego prelude: one total function per IR operator. Each function ends in an
 * `else` fallback, so it has a value for every argument and never leaves an expression
 * undefined (Rego's undefined is how a policy passes a bad object by accident). Absent
 * is `null`: `object.get(x, k, null)` reads a missing key and an explicit `null` alike,
 * matching the IR (docs/ir.md) and the native engine, which drops explicit nulls.
 * Only the functions a rule uses (and their dependencies) are emitted.
 *
 * Every body tests the argument's type first (`is_string(x)` …): OPA infers a function's
 * argument types from its body, and a first use as `any` keeps calls with literal
 * arguments well-typed.
 */

import {
  FALSE_SPELLINGS,
  IMAGE_ASCII_REGEX,
  IMAGE_DOMAIN_REGEX,
  IMAGE_IDENTIFIER_REGEX,
  IMAGE_PATH_MAX,
  IMAGE_PATTERN_ALPHABET_REGEX,
  IMAGE_PATTERN_ESCAPED,
  IMAGE_REMAINDER_REGEX,
  IMAGE_UPPERCASE_REGEX,
  TRUE_SPELLINGS,
} from '@kpc/ir';
import { regoString } from './rego-string.ts';

interface PreludeEntry {
  readonly deps: readonly string[];
  readonly text: string;
}

const DEFS = {
  kpc_get: {
    deps: [],
    text: `# IR get: the value at key (or key path) k of map x; null (absent) when missing or null.
kpc_get(x, k) := object.get(x, k, null) if is_object(x) else := null`,
  },
  kpc_index: {
    deps: [],
    text: `# IR index: a string key into a map, or an integer index into a list; else null.
kpc_index(x, k) := v if {
  is_object(x)
  is_string(k)
  v := object.get(x, k, null)
} else := v if {
  is_array(x)
  is_number(k)
  v := x[k]
} else := null`,
  },
  kpc_list: {
    deps: [],
    text: 'kpc_list(x) := x if is_array(x) else := []',
  },
  kpc_present: {
    deps: [],
    text: 'kpc_present(x) := true if x != null else := false',
  },
  kpc_coalesce: {
    deps: [],
    text: 'kpc_coalesce(a, b) := a if a != null else := b',
  },
  kpc_cond: {
    deps: [],
    text: 'kpc_cond(test, a, b) := a if test == true else := b',
  },
  kpc_and: {
    deps: [],
    text: 'kpc_and(xs) := false if { some x in xs; x != true } else := true',
  },
  kpc_or: {
    deps: [],
    text: 'kpc_or(xs) := true if { some x in xs; x == true } else := false',
  },
  kpc_eq: {
    deps: [],
    text: `# Strict equality (\`===\`) between scalars or absent; lists and maps are never equal.
kpc_eq(a, b) := true if {
  not type_name(a) in {"array", "object", "set"}
  a == b
} else := false`,
  },
  kpc_ordered: {
    deps: [],
    text: `# Ordering is defined between two numbers or two strings only.
kpc_ordered(a, b) := true if {
  type_name(a) in {"number", "string"}
  type_name(a) == type_name(b)
} else := false`,
  },
  kpc_lt: { deps: ['kpc_ordered'], text: ordering('kpc_lt', '<') },
  kpc_le: { deps: ['kpc_ordered'], text: ordering('kpc_le', '<=') },
  kpc_gt: { deps: ['kpc_ordered'], text: ordering('kpc_gt', '>') },
  kpc_ge: { deps: ['kpc_ordered'], text: ordering('kpc_ge', '>=') },
  kpc_truthy_string: {
    deps: [],
    text: 'kpc_truthy_string(x) := true if { is_string(x); x != "" } else := false',
  },
  kpc_truthy_number: {
    deps: [],
    text: 'kpc_truthy_number(x) := true if { is_number(x); x != 0 } else := false',
  },
  kpc_str: {
    deps: ['kpc_list_str', 'kpc_scalar_str'],
    text: `# The JavaScript string form of a message part, String(x): a map is "[object Object]", a list
# as String(list) does (kpc_list_str), a scalar as kpc_scalar_str.
kpc_str(x) := "[object Object]" if {
  is_object(x)
} else := s if {
  is_array(x)
  s := kpc_list_str(x)
} else := kpc_scalar_str(x)`,
  },
  kpc_scalar_str: {
    deps: ['kpc_num_str'],
    text: `# String(x) of a scalar: integers in decimal, other numbers as JavaScript prints them
# (kpc_num_str), absent as "undefined".
kpc_scalar_str(x) := x if {
  is_string(x)
} else := format_int(x, 10) if {
  is_number(x)
  x == round(x)
} else := kpc_num_str(x) if {
  is_number(x)
} else := "true" if {
  x == true
} else := "false" if {
  x == false
} else := "undefined" if {
  x == null
} else := sprintf("%v", [x])`,
  },
  kpc_list_str: {
    deps: ['kpc_scalar_str'],
    text: `# String(list) in JavaScript is Array.prototype.join(","): each element's string, a null
# as "", a nested list joined the same way (so nested lists flatten). Rego has no recursion,
# so walk() lists every node with its path; the leaves of the list structure (paths of
# indexes only; values that are not non-empty lists), sorted by path, are the joined parts.
kpc_list_str(l) := s if {
  leaves := sort([[p, v] | walk(l, [p, v]); count(p) > 0; kpc_index_path(p) == true; kpc_list_leaf(v) == true])
  s := concat(",", [kpc_join_part(pv[1]) | some pv in leaves])
} else := ""

kpc_index_path(p) := false if {
  some k in p
  not is_number(k)
} else := true

kpc_list_leaf(v) := false if {
  is_array(v)
  count(v) > 0
} else := true

kpc_join_part(v) := "" if {
  v == null
} else := "" if {
  is_array(v)
} else := "[object Object]" if {
  is_object(v)
} else := kpc_scalar_str(v)`,
  },
  kpc_num_str: {
    deps: [],
    text: `# A number that is not an integer, as JavaScript prints it. sprintf("%v") gives Go's
# shortest form: the same digits, but an exponent sooner ("1.2345675e+06", "1e-05") and
# written with two digits ("e-07"); JavaScript writes plain decimals for exponents -7 < e < 21
# and otherwise "1.5e-7", "1e+21". The Go form is rewritten accordingly.
kpc_num_str(x) := s if {
  g := sprintf("%v", [x])
  startswith(g, "-")
  s := concat("", ["-", kpc_js_float(substring(g, 1, -1))])
} else := s if {
  s := kpc_js_float(sprintf("%v", [x]))
} else := ""

kpc_js_float(g) := s if {
  parts := split(g, "e")
  count(parts) == 2
  e := to_number(trim_prefix(parts[1], "+"))
  s := kpc_js_exp(replace(parts[0], ".", ""), e)
} else := g

# The digits d with the decimal exponent e of the first digit.
kpc_js_exp(d, e) := s if {
  e >= 0
  e < 21
  count(d) > e + 1
  s := concat("", [substring(d, 0, e + 1), ".", substring(d, e + 1, -1)])
} else := s if {
  e >= 0
  e < 21
  s := concat("", [d, kpc_zeros((e + 1) - count(d))])
} else := s if {
  e < 0
  e > -7
  s := concat("", ["0.", kpc_zeros((0 - e) - 1), d])
} else := s if {
  e >= 0
  s := concat("", [kpc_mantissa(d), "e+", format_int(e, 10)])
} else := s if {
  s := concat("", [kpc_mantissa(d), "e-", format_int(0 - e, 10)])
}

kpc_mantissa(d) := d if {
  count(d) == 1
} else := m if {
  m := concat("", [substring(d, 0, 1), ".", substring(d, 1, -1)])
}

kpc_zeros(n) := "" if {
  n <= 0
} else := z if {
  z := concat("", ["0" | some i in numbers.range(1, n)])
}`,
  },
  kpc_flatten: {
    deps: [],
    text: 'kpc_flatten(ls) := [x | some l in ls; some x in l]',
  },
  kpc_list_includes: {
    deps: ['kpc_list', 'kpc_eq'],
    text: 'kpc_list_includes(l, v) := true if { some x in kpc_list(l); kpc_eq(x, v) } else := false',
  },
  kpc_length: {
    deps: [],
    text: `# Length of a list, or of a string in UTF-16 code units as JavaScript counts them
# (count() counts code points; each character above U+FFFF is two code units).
kpc_length(x) := n if {
  is_array(x)
  n := count(x)
} else := n if {
  is_string(x)
  n := count(x) + count(regex.find_n("[\\\\x{10000}-\\\\x{10FFFF}]", x, -1))
} else := null`,
  },
  kpc_starts_with: {
    deps: [],
    text: 'kpc_starts_with(s, a) := true if { is_string(s); is_string(a); startswith(s, a) } else := false',
  },
  kpc_ends_with: {
    deps: [],
    text: 'kpc_ends_with(s, a) := true if { is_string(s); is_string(a); endswith(s, a) } else := false',
  },
  kpc_contains: {
    deps: [],
    text: `# s.includes(a): split() yields more than one part exactly when a occurs in s.
kpc_contains(s, a) := true if { is_string(s); a == "" } else := true if {
  is_string(s)
  is_string(a)
  count(split(s, a)) > 1
} else := false`,
  },
  kpc_regex_test: {
    deps: [],
    text: `# /p/.test(s): regex.match is RE2 and unanchored, like RegExp.prototype.test. JavaScript
# matches UTF-16 code units, RE2 code points: each character above U+FFFF is matched as two
# U+FFFE (the pattern was checked not to tell them from surrogates).
kpc_regex_test(p, s) := true if {
  is_string(s)
  regex.match(p, kpc_regex_subject(s))
} else := false

kpc_regex_subject(s) := r if {
  regex.match("[\\\\x{10000}-\\\\x{10FFFF}]", s)
  r := concat("", [kpc_code_units(c) | some c in split(s, "")])
} else := s

kpc_code_units(c) := "\\ufffe\\ufffe" if {
  regex.match("^[\\\\x{10000}-\\\\x{10FFFF}]$", c)
} else := c`,
  },
  kpc_keys: {
    deps: [],
    text: `# Object.keys in JavaScript's order: canonical array-index keys ("0", "17") first, in
# numeric order, then the others sorted; entries whose value is null count as absent.
kpc_keys(o) := ks if {
  is_object(o)
  idx := sort([to_number(k) | some k, v in o; v != null; kpc_index_key(k) == true])
  other := sort([k | some k, v in o; v != null; kpc_index_key(k) == false])
  ks := array.concat([format_int(n, 10) | some n in idx], other)
} else := []

kpc_index_key(k) := true if {
  regex.match("^(0|[1-9][0-9]{0,9})$", k)
  to_number(k) < 4294967295
} else := false`,
  },
  kpc_values: {
    deps: ['kpc_keys'],
    text: 'kpc_values(o) := [o[k] | some k in kpc_keys(o)]',
  },
  kpc_entries: {
    deps: ['kpc_keys'],
    text: 'kpc_entries(o) := [[k, o[k]] | some k in kpc_keys(o)]',
  },
  kpc_all_containers: {
    deps: ['kpc_list', 'kpc_get'],
    text: `# allContainers(spec): containers, then initContainers, then ephemeralContainers.
kpc_all_containers(s) := [c |
  some f in ["containers", "initContainers", "ephemeralContainers"]
  some c in kpc_list(kpc_get(s, f))
]`,
  },
  kpc_image_name: {
    deps: [],
    text: `# An image reference [registry/]path[:tag][@digest], as packages/core/src/rule/helpers.ts
# splits it: the digest follows the first "@"; the registry is the first path component
# when it contains "." or ":" or is "localhost" (else docker.io); the tag follows the last ":".
kpc_image_name(img) := substring(img, 0, indexof(img, "@")) if contains(img, "@") else := img`,
  },
  kpc_image_split: {
    deps: [],
    text: `kpc_image_split(name) := [first, substring(name, count(first) + 1, -1)] if {
  contains(name, "/")
  first := split(name, "/")[0]
  regex.match("[.:]|^localhost$", first)
} else := ["docker.io", name]`,
  },
  kpc_image_registry: {
    deps: [],
    text: `# imageRegistry: the first path component (before any "@") if it has "." or ":" or is localhost, else docker.io.
kpc_image_registry(img) := split(img, "/")[0] if {
  is_string(img)
  regex.match("^(localhost|[^/@]*[.:][^/@]*)/", img)
} else := "docker.io" if { is_string(img) } else := null`,
  },
  kpc_image_tag: {
    deps: ['kpc_image_name', 'kpc_image_split'],
    text: `kpc_image_tag(img) := t if {
  is_string(img)
  parts := split(kpc_image_split(kpc_image_name(img))[1], ":")
  count(parts) > 1
  t := parts[count(parts) - 1]
} else := null`,
  },
  kpc_image_digest: {
    deps: [],
    text: `kpc_image_digest(img) := substring(img, indexof(img, "@") + 1, -1) if {
  is_string(img)
  contains(img, "@")
} else := null`,
  },
  kpc_flag_entries: {
    deps: ['kpc_list', 'kpc_get'],
    text: `# Command-line flags (docs/ir.md), in the steps of packages/ir/src/semantics/flags.ts:
# the string entries of command ++ args, each after a U+0000; for a value flag (merge) each
# "f value" pair becomes "f=value"; cut at the first bare "--"; split into entries again.
kpc_flag_entries(c, f, merge) := es if {
  is_string(f)
  argv := [x | some x in array.concat(kpc_list(kpc_get(c, "command")), kpc_list(kpc_get(c, "args"))); is_string(x)]
  j0 := concat("", ["\\u0000", concat("\\u0000", argv)])
  j1 := kpc_flag_merge(j0, f, merge)
  es := split(split(j1, "\\u0000--\\u0000")[0], "\\u0000")
} else := []

kpc_flag_merge(j, f, merge) := m if {
  merge == true
  m := concat(concat("", ["\\u0000", f, "="]), split(j, concat("", ["\\u0000", f, "\\u0000"])))
} else := j`,
  },
  kpc_flag_values: {
    deps: ['kpc_flag_entries'],
    text: `# flagValues(c, f): every value of value flag f, in order.
kpc_flag_values(c, f) := vs if {
  is_string(f)
  p := concat("", [f, "="])
  vs := [substring(e, count(p), -1) | some e in kpc_flag_entries(c, f, true); startswith(e, p)]
} else := []`,
  },
  kpc_flag_value: {
    deps: ['kpc_flag_values'],
    text: `# flagValue(c, f): the last value of value flag f, or null.
kpc_flag_value(c, f) := v if {
  vs := kpc_flag_values(c, f)
  count(vs) > 0
  v := vs[count(vs) - 1]
} else := null`,
  },
  kpc_boolean_flag: {
    deps: ['kpc_flag_entries'],
    text: `# booleanFlag(c, f): the last occurrence of boolean flag f ("f" alone is "true"), read as
# Go's strconv.ParseBool; null when not given or not a boolean.
kpc_boolean_flag(c, f) := b if {
  is_string(f)
  p := concat("", [f, "="])
  vs := [v | some e in kpc_flag_entries(c, f, false); v := kpc_flag_bool_entry(e, f, p); v != null]
  count(vs) > 0
  b := kpc_parse_bool(vs[count(vs) - 1])
} else := null

kpc_flag_bool_entry(e, f, p) := "true" if {
  e == f
} else := v if {
  startswith(e, p)
  v := substring(e, count(p), -1)
} else := null

kpc_parse_bool(v) := true if {
  v in {${TRUE_SPELLINGS.map((x) => JSON.stringify(x)).join(', ')}}
} else := false if {
  v in {${FALSE_SPELLINGS.map((x) => JSON.stringify(x)).join(', ')}}
} else := null`,
  },
  kpc_image_parts: {
    deps: [],
    text: `# [registry, path, tag, digest] of a valid image reference (tag and digest "" when absent,
# the tag "latest" when both are), or [] for any other value: the steps of @kpc/ir
# parseImageReference (docs/ir.md#image-references), with its regular expressions.
kpc_image_parts(img) := [dom, path, tag, digest] if {
  is_string(img)
  regex.match(${regoString(IMAGE_ASCII_REGEX)}, img)
  not regex.match(${regoString(IMAGE_IDENTIFIER_REGEX)}, img)
  [dom, rem] := kpc_image_domain_rem(img)
  regex.match(${regoString(IMAGE_DOMAIN_REGEX)}, dom)
  regex.match(${regoString(IMAGE_REMAINDER_REGEX)}, rem)
  at := indexof(rem, "@")
  nt := kpc_image_before(rem, at)
  c := indexof(nt, ":")
  path := kpc_image_before(nt, c)
  count(path) <= ${IMAGE_PATH_MAX}
  tag := kpc_image_tag_of(nt, c, at)
  digest := kpc_image_after(rem, at)
} else := []

kpc_image_domain_rem(img) := [dom, rem] if {
  k := indexof(img, "/")
  k >= 0
  f := substring(img, 0, k)
  kpc_image_domain_like(f)
  dom := kpc_image_domain_name(f)
  rem := kpc_image_library(dom, substring(img, k + 1, -1))
} else := ["docker.io", kpc_image_library("docker.io", img)]

kpc_image_domain_like(f) := true if {
  f == "localhost"
} else := true if {
  contains(f, ".")
} else := true if {
  contains(f, ":")
} else := true if {
  regex.match(${regoString(IMAGE_UPPERCASE_REGEX)}, f)
} else := false

kpc_image_domain_name(f) := "docker.io" if {
  f == "index.docker.io"
} else := f

kpc_image_library(dom, r) := concat("", ["library/", r]) if {
  dom == "docker.io"
  not contains(r, "/")
} else := r

kpc_image_before(s, i) := r if {
  i >= 0
  r := substring(s, 0, i)
} else := s

kpc_image_after(s, i) := r if {
  i >= 0
  r := substring(s, i + 1, -1)
} else := ""

kpc_image_tag_of(nt, c, at) := r if {
  c >= 0
  r := substring(nt, c + 1, -1)
} else := "" if {
  at >= 0
} else := "latest"`,
  },
  kpc_image_reference: {
    deps: ['kpc_image_parts'],
    text: `kpc_image_reference(img) := r if {
  q := kpc_image_parts(img)
  count(q) == 4
  r := concat("", [q[0], "/", q[1], kpc_image_suffix(":", q[2]), kpc_image_suffix("@", q[3])])
} else := null

kpc_image_suffix(sep, x) := concat("", [sep, x]) if {
  x != ""
} else := ""`,
  },
  kpc_image_matches: {
    deps: ['kpc_image_parts', 'kpc_image_reference'],
    text: `# imageMatches: the glob of a pattern (in the pattern alphabet) matches the reference's name
# followed by the tag when the pattern has one (":" after its last "/", before any "@") and
# the digest when the pattern has one ("@").
kpc_image_matches(img, ps) := true if {
  q := kpc_image_parts(img)
  count(q) == 4
  is_array(ps)
  some p in ps
  kpc_image_pattern_matches(p, q)
} else := false

kpc_image_pattern_matches(p, q) := true if {
  is_string(p)
  regex.match(${regoString(IMAGE_PATTERN_ALPHABET_REGEX)}, p)
  segments := split(kpc_image_before(p, indexof(p, "@")), "/")
  tag := kpc_image_if(contains(segments[count(segments) - 1], ":"), kpc_image_suffix(":", q[2]))
  digest := kpc_image_if(contains(p, "@"), kpc_image_suffix("@", q[3]))
  subject := concat("", [q[0], "/", q[1], tag, digest])
  regex.match(kpc_image_pattern_regex(p), subject)
} else := false

kpc_image_if(b, x) := x if {
  b == true
} else := ""

kpc_image_pattern_regex(p) := concat("", ["^", replace(replace(${escapeImagePattern('p')}, "*", ".*"), "?", "."), "$"])`,
  },
  kpc_text_after: {
    deps: [],
    text: `# textAfter(s, sep): the text after the first sep ("" when it does not occur, s when sep
# is empty). split/concat, not indexof: no index unit can differ from the engine's.
kpc_text_after(s, sep) := s if {
  is_string(s)
  sep == ""
} else := r if {
  is_string(s)
  is_string(sep)
  parts := split(s, sep)
  r := concat(sep, array.slice(parts, 1, count(parts)))
} else := null`,
  },
  kpc_path_add: {
    deps: [],
    text: `# Tracked values are pairs [value, path]: path locates value in the reviewed object (a list
# of keys and indexes; null when the value is not from the object), for details.path.
kpc_path_add(p, ks) := array.concat(p, ks) if is_array(p) else := null`,
  },
  kpc_t_get: {
    deps: ['kpc_get', 'kpc_path_add'],
    text: 'kpc_t_get(t, ks) := [kpc_get(t[0], ks), kpc_path_add(t[1], ks)]',
  },
  kpc_t_index: {
    deps: ['kpc_index', 'kpc_path_add'],
    text: `kpc_t_index(t, items, k) := r if {
  is_number(k)
  r := items[k]
} else := [kpc_index(t[0], k), kpc_path_add(t[1], [k])]`,
  },
  kpc_t_coalesce: {
    deps: [],
    text: 'kpc_t_coalesce(a, b) := a if a[0] != null else := b',
  },
  kpc_t_items: {
    deps: ['kpc_list', 'kpc_path_add'],
    text: 'kpc_t_items(t) := [[x, kpc_path_add(t[1], [i])] | some i, x in kpc_list(t[0])]',
  },
  kpc_t_values: {
    deps: ['kpc_keys', 'kpc_path_add'],
    text: 'kpc_t_values(t) := [[t[0][k], kpc_path_add(t[1], [k])] | some k in kpc_keys(t[0])]',
  },
  kpc_t_containers: {
    deps: ['kpc_t_items', 'kpc_t_get'],
    text: `# allContainers(spec) as [container, path] pairs: containers, initContainers, ephemeralContainers.
kpc_t_containers(t) := [x |
  some f in ["containers", "initContainers", "ephemeralContainers"]
  some x in kpc_t_items(kpc_t_get(t, [f]))
]`,
  },
  kpc_containers: {
    deps: ['kpc_list'],
    text: `# allContainers(spec) of the pod spec as [container, path] pairs, in the native engine's order.
kpc_containers := [[c, array.concat(kpc_spec_path, [f, format_int(i, 10)])] |
  some f in ["containers", "initContainers", "ephemeralContainers"]
  some i, c in kpc_list(object.get(kpc_spec, f, null))
]`,
  },
  kpc_pointer: {
    deps: ['kpc_path_pointer'],
    text: `# details.path as natively: the JSON Pointer of a map or list from the object, else the target's.
kpc_pointer(t) := kpc_path_pointer(t[1]) if {
  is_array(t[1])
  type_name(t[0]) in {"array", "object"}
} else := kpc_default_pointer`,
  },
  kpc_path_pointer: {
    deps: [],
    text: `kpc_path_pointer(p) := concat("", [concat("/", ["", kpc_token(k)]) | some k in p])
kpc_token(k) := replace(replace(k, "~", "~0"), "/", "~1") if is_string(k) else := format_int(k, 10)`,
  },
  kpc_label_has: {
    deps: ['kpc_get', 'kpc_eq'],
    text: `# matchLabels entry k: v holds when the labels have k (absent and null alike: the API server
# drops null) with a value equal to v.
kpc_label_has(have, k, v) := true if {
  x := kpc_get(have, k)
  x != null
  kpc_eq(x, v) == true
} else := false`,
  },
  kpc_selector_op: {
    deps: [],
    text: `kpc_selector_op(op, has, inc) := true if {
  op == "In"
  has
  inc
} else := true if {
  op == "NotIn"
  not has
} else := true if {
  op == "NotIn"
  not inc
} else := true if {
  op == "Exists"
  has
} else := true if {
  op == "DoesNotExist"
  not has
} else := false`,
  },
  kpc_selector_expr: {
    deps: ['kpc_get', 'kpc_coalesce', 'kpc_list_includes', 'kpc_selector_op'],
    text: `# One matchExpressions requirement; a malformed one (key not a string, values not a list,
# an unknown operator) selects nothing.
kpc_selector_expr(e, have) := r if {
  is_object(e)
  k := object.get(e, "key", null)
  is_string(k)
  vs := kpc_coalesce(object.get(e, "values", null), [])
  is_array(vs)
  v := kpc_get(have, k)
  r := kpc_selector_op(object.get(e, "operator", null), v != null, kpc_list_includes(vs, v))
} else := false`,
  },
  kpc_label_selector_matches: {
    deps: ['kpc_coalesce', 'kpc_cond', 'kpc_and', 'kpc_label_has', 'kpc_selector_expr'],
    text: `# labelSelectorMatches (metav1.LabelSelector, ir/semantics/label-selector.ts): a selector that is
# not a map selects nothing, {} everything; matchLabels and every requirement must hold.
kpc_label_selector_matches(sel, labels) := r if {
  is_object(sel)
  ml := kpc_coalesce(object.get(sel, "matchLabels", null), {})
  me := kpc_coalesce(object.get(sel, "matchExpressions", null), [])
  is_object(ml)
  is_array(me)
  have := kpc_cond(is_object(labels), labels, {})
  oks := array.concat(
    [kpc_label_has(have, k, v) | some k, v in ml],
    [kpc_selector_expr(e, have) | some e in me],
  )
  r := kpc_and(oks)
} else := false`,
  },
  kpc_inventory_namespaced: {
    deps: [],
    text: `# The objects Gatekeeper replicates into OPA (the Config's spec.sync.syncOnly, listed in the
# template's requires-sync-data annotation): namespaced ones at
# data.inventory.namespace[<namespace>][<apiVersion>][<kind>][<name>], cluster-scoped ones
# at data.inventory.cluster[<apiVersion>][<kind>][<name>]. {} while nothing is synced.
kpc_inventory_namespaced := x if {
  x := data.inventory.namespace
  is_object(x)
} else := {}`,
  },
  kpc_inventory_cluster: {
    deps: [],
    text: `kpc_inventory_cluster := x if {
  x := data.inventory.cluster
  is_object(x)
} else := {}`,
  },
  kpc_meta_text: {
    deps: ['kpc_get'],
    text: `# metadata.<k> of an inventory object when it is a string, else null (absent).
kpc_meta_text(x, k) := v if {
  v := kpc_get(kpc_get(x, "metadata"), k)
  is_string(v)
} else := null`,
  },
  kpc_lookup_key: {
    deps: [],
    text: `# A sort key that puts an absent namespace or name first, then strings in order.
kpc_lookup_key(v) := [1, v] if {
  is_string(v)
} else := [0]`,
  },
  kpc_lookup_match: {
    deps: [],
    text: `# A lookup filter: [] (not given) matches everything; [s] matches the string s only,
# so a filter whose value is not a string matches nothing.
kpc_lookup_match(v, f) := true if {
  count(f) == 0
} else := true if {
  is_string(f[0])
  v == f[0]
} else := false`,
  },
  kpc_lookup_sorted: {
    deps: [
      'kpc_inventory_namespaced',
      'kpc_inventory_cluster',
      'kpc_get',
      'kpc_meta_text',
      'kpc_lookup_key',
      'kpc_lookup_match',
    ],
    text: `# IR lookup: the objects of exactly apiVersion gv and kind k, in both inventory trees
# (an object is filtered by what it says, not by where it is stored), filtered by the
# namespace filter nf and the name filter mf, ordered by (namespace, name).
kpc_lookup_sorted(gv, k, nf, mf) := r if {
  found := array.concat(
    [x | some ns; x := kpc_inventory_namespaced[ns][gv][k][_]],
    [x | x := kpc_inventory_cluster[gv][k][_]],
  )
  keyed := [[kpc_lookup_key(kpc_meta_text(x, "namespace")), kpc_lookup_key(kpc_meta_text(x, "name")), x] |
    some x in found
    kpc_get(x, "apiVersion") == gv
    kpc_get(x, "kind") == k
    kpc_lookup_match(kpc_meta_text(x, "namespace"), nf) == true
    kpc_lookup_match(kpc_meta_text(x, "name"), mf) == true
  ]
  r := [e[2] | some e in sort(keyed)]
} else := []`,
  },
  kpc_lookup: {
    deps: ['kpc_lookup_sorted'],
    text: `# Given a name, a lookup has at most one element (the first in order).
kpc_lookup(gv, k, nf, mf) := [l[0]] if {
  count(mf) > 0
  l := kpc_lookup_sorted(gv, k, nf, mf)
  count(l) > 0
} else := kpc_lookup_sorted(gv, k, nf, mf)`,
  },
} satisfies Record<string, PreludeEntry>;

/** Rego that escapes the regex-special characters of the image pattern alphabet in `p`. */
function escapeImagePattern(p: string): string {
  let out = p;
  for (const c of IMAGE_PATTERN_ESCAPED)
    out = `replace(${out}, ${regoString(c)}, ${regoString(`\\${c}`)})`;
  return out;
}

function ordering(name: string, op: string): string {
  return `${name}(a, b) := true if { kpc_ordered(a, b); a ${op} b } else := false`;
}

export type PreludeName = keyof typeof DEFS;

/**
 * Names the prelude may reference without declaring them: the module defines them per rule
 * (rego-module.ts).
 */
export const MODULE_NAMES: readonly string[] = ['kpc_default_pointer', 'kpc_spec', 'kpc_spec_path'];

/** The `kpc_` names a Rego text references, outside string literals and comments. */
export function referencedNames(text: string): Set<string> {
  const code = text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/#[^\n]*/g, '');
  return new Set([...code.matchAll(/\bkpc_\w+\b/g)].map((m) => m[0]));
}

/** The names each prelude entry defines (a definition starts a line with its name). */
const DEFINED_BY = new Map<string, string>();
for (const [entry, { text }] of Object.entries(DEFS))
  for (const m of text.matchAll(/^(kpc_\w+)\b/gm)) DEFINED_BY.set(m[1]!, entry);

/** The prelude entry that defines `name`, if any. */
export function preludeEntryOf(name: string): PreludeName | undefined {
  return DEFINED_BY.get(name) as PreludeName | undefined;
}

/**
 * The prelude functions with a value for every defined argument: each one's last branch is
 * an unconditional `else` whose value is a literal, one of its parameters or a call of
 * another of these on its parameters, or it is one comprehension (the tests check it). The
 * others (the tracked `kpc_t_*` functions on a non-pair, the number printing's internals,
 * the JSON Pointer and image pattern helpers) can be undefined, so a term that calls them is
 * never judged total.
 */
export const TOTAL_FUNCTIONS: ReadonlySet<string> = new Set([
  'kpc_get',
  'kpc_index',
  'kpc_list',
  'kpc_present',
  'kpc_coalesce',
  'kpc_cond',
  'kpc_and',
  'kpc_or',
  'kpc_eq',
  'kpc_ordered',
  'kpc_lt',
  'kpc_le',
  'kpc_gt',
  'kpc_ge',
  'kpc_truthy_string',
  'kpc_truthy_number',
  'kpc_str',
  'kpc_scalar_str',
  'kpc_list_str',
  'kpc_num_str',
  'kpc_image_registry',
  'kpc_image_tag',
  'kpc_image_digest',
  'kpc_image_reference',
  'kpc_image_matches',
  'kpc_list_includes',
  'kpc_length',
  'kpc_contains',
  'kpc_starts_with',
  'kpc_ends_with',
  'kpc_text_after',
  'kpc_regex_test',
  'kpc_flatten',
  'kpc_label_selector_matches',
  'kpc_boolean_flag',
  'kpc_flag_value',
  'kpc_flag_values',
]);

/** Whether `name` is a prelude function with a value for every defined argument. */
export function isTotalFunction(name: string): boolean {
  return TOTAL_FUNCTIONS.has(name) && preludeEntryOf(name) !== undefined;
}

/** The names prelude entry `entry` defines. */
export function definedBy(entry: string): string[] {
  return [...DEFINED_BY].filter(([, e]) => e === entry).map(([n]) => n);
}

/** The text of prelude entry `entry`. */
export function preludeText(entry: PreludeName): string {
  return DEFS[entry].text;
}

/** The declared dependencies of prelude entry `entry`. */
export function preludeDeps(entry: PreludeName): readonly string[] {
  return (DEFS[entry] as PreludeEntry).deps;
}

/** The texts of `used` and everything they depend on, in the prelude's fixed order. */
export function preludeDefinitions(used: Iterable<string>): string[] {
  const all = new Set<string>();
  const add = (n: string) => {
    if (!Object.hasOwn(DEFS, n) || all.has(n)) return;
    all.add(n);
    for (const d of (DEFS[n as PreludeName] as PreludeEntry).deps) add(d);
  };
  for (const n of used) add(n);
  return Object.keys(DEFS)
    .filter((n) => all.has(n))
    .map((n) => DEFS[n as PreludeName].text);
}

/** The prelude text for `used` and everything it depends on, in a fixed order. */
export function preludeFor(used: ReadonlySet<PreludeName>): string[] {
  return preludeDefinitions(used);
}

/** Every prelude entry name (for tests). */
export const PRELUDE_NAMES: readonly string[] = Object.keys(DEFS);
