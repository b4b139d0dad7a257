/**
 * Strings that YAML readers are known to disagree on, or that break naive YAML writers:
 * every YAML 1.1 boolean, null, integer, float and timestamp form, go-yaml's own forms,
 * indicators, template syntax and the characters that YAML 1.1 and 1.2 read differently.
 * Shared by the emitter's property tests and the hostile-configuration tests.
 */
export const YAML_SPECIAL_STRINGS: readonly string[] = [
  // booleans (YAML 1.1 and go-yaml v2), and words that only look like them
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO'],
  ...['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF'],
  ...['yEs', 'tRUE', 'oN', 'nO'],
  // nulls
  ...['', '~', 'null', 'Null', 'NULL', 'nULL'],
  // integers
  ...['0', '-0', '+0', '00', '017', '08', '09', '0o17', '0O17', '-0o17', '0o', '0o8'],
  ...['0b11', '-0b1', '+0b1', '0b', '0B11', '0b_1', '0x1F', '+0x1F', '-0x1F', '0x_1F', '0X1f'],
  ...['0x', '1_000', '1__0', '1_', '_1', '+_1', '9223372036854775807', '9223372036854775808'],
  ...[
    '18446744073709551615',
    '18446744073709551616',
    '0x1FFFFFFFFFFFFFFFF',
    '-9223372036854775809',
  ],
  // floats
  ...['1.0', '.5', '1.', '-.5', '+.5', '.', '._', '.5_0', '1e3', '1E3', '1e+3', 'e3', 'E3', '.e3'],
  ...['6.8523015e+5', '685.230_15e+03', '685_230.15', '1e400', '-1e400', '1e-400', '0.1e1_0'],
  ...['.inf', '.Inf', '.INF', '+.inf', '-.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', 'inf'],
  ...['NaN', 'Infinity', '-Infinity', '0x1p3', '1_0.5e1'],
  // sexagesimals (YAML 1.1 only) and timestamps
  ...['1:30', '190:20:30', '190:20:30.15', '-1:30', '+1:30', '1:3:0.5', '12:00'],
  ...[
    '2001-12-14',
    '2001-12-14t21:59:43.10-05:00',
    '2001-12-14 21:59:43.10 -5',
    '2001-12-15T02:59:43.1Z',
  ],
  ...['2002-1-2', '20011-12-14', '2001-12-14x'],
  // merge and value keys, indicators
  // Keys JavaScript objects treat specially must survive as ordinary keys.
  ...['__proto__', 'constructor', 'toString'],
  ...['<<', '=', '*', '&a', '!a', '!!str', '|', '>', '%v', '%TAG', '@a', '`a', '?', '? a', ':'],
  ...[': a', 'a:', 'a: b', 'a:b', '- a', '-', '--', '---', '...', '#', 'a #b', 'a#b', '[a]', '{a}'],
  ...['{{x}}', '{{ .Values.x }}', '${x}', '$(x)', "'", '"', "'a'", '"a"', '\\', '\\n', ',', 'a,b'],
  // whitespace and line breaks
  ...[' ', '  ', 'a ', ' a', '\t', 'a\tb', '\ta', '\n', 'a\nb', 'a\n', '\na', 'a\n\n', ' a\nb'],
  ...['a\n b', 'a \nb', '\r', 'a\r\nb', '\u000b', '\u000c'],
  // characters go-yaml refuses raw or reads as line breaks, BOM, bidi controls
  ...['\u0000', 'a\u0000b', '\u001b[31m', '\u0007', '\u007f', '\u0080', '\u0085', 'a\u0085b'],
  ...['\u009f', '\u00a0', '\u2028', 'a\u2028b', '\u2029', '\ufeff', 'a\ufeffb', '\ufffe', '\uffff'],
  ...['\u202e', 'a\u202eb', '\u200b', '😀', 'ünï', 'Kube-System', 'kube-*', 'a?c', 'q"ns', '.*'],
  'x'.repeat(5000),
  `${'long words '.repeat(500)}end`,
];
