/**
 * Command-line flag helpers: the value semantics of the IR's `flagValue`, `flagValues` and
 * `booleanFlag` calls (docs/ir.md, "Command-line flags"), shared by the native engine and
 * the interpreter. The backends lower the same steps (split and join on a separator), so
 * every engine computes them alike.
 *
 * The model is Go's pflag (kube-apiserver, kube-controller-manager, kube-scheduler): an
 * argument `--name=v` sets a flag, `--name v` sets a value flag from the next argument
 * (whatever it is), `--name` alone sets a boolean flag to true, a bare `--` ends the flags.
 */

/**
 * Separates argv entries in the joined form. U+0000 cannot occur in a process argument
 * (execve takes C strings), so on every container that can run, no entry contains it.
 */
export const FLAG_SEPARATOR = '\u0000';

/** The string entries of `command ++ args` (anything else counts as no entries). */
function argv(container: unknown): string[] {
  if (container === null || typeof container !== 'object' || Array.isArray(container)) return [];
  const c = container as Record<string, unknown>;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  return [...list(c.command), ...list(c.args)].filter((x): x is string => typeof x === 'string');
}

/**
 * The values given to flag `name` in the container's `command ++ args`, in order. For a
 * value flag, `name` followed by an argument takes that argument as its value (the pair is
 * merged into `name=value` before anything else); for a boolean flag, `name` alone is
 * `"true"`. Arguments after the first bare `--` (not consumed as a value) are not flags.
 */
function occurrences(container: unknown, name: string, boolean: boolean): string[] {
  const s = FLAG_SEPARATOR;
  // A separator before every entry (none after the last, so that a value flag given last
  // without a value merges with nothing and is not given: the component would not start).
  let joined = `${s}${argv(container).join(s)}`;
  if (!boolean) joined = joined.split(`${s}${name}${s}`).join(`${s}${name}=`);
  const [flags = ''] = joined.split(`${s}--${s}`);
  const out: string[] = [];
  for (const entry of flags.split(s)) {
    if (boolean && entry === name) out.push('true');
    else if (entry.startsWith(`${name}=`)) out.push(entry.slice(name.length + 1));
  }
  return out;
}

/** Every value given to value flag `name` (`--name=v` or `--name v`), in order. */
export function flagValues(container: unknown, name: string): string[] {
  return occurrences(container, name, false);
}

/** The value of value flag `name`: the last one given (as pflag keeps), or undefined. */
export function flagValue(container: unknown, name: string): string | undefined {
  return occurrences(container, name, false).at(-1);
}

/** The spellings Go's strconv.ParseBool accepts, which pflag uses for boolean flags. */
export const TRUE_SPELLINGS: readonly string[] = ['1', 't', 'T', 'TRUE', 'true', 'True'];
export const FALSE_SPELLINGS: readonly string[] = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * The value of boolean flag `name`: the last occurrence (`--name` alone is true,
 * `--name=v` is v as strconv.ParseBool reads it), or undefined when it is not given or its
 * last value is no boolean (the component would refuse to start).
 */
export function booleanFlag(container: unknown, name: string): boolean | undefined {
  const last = occurrences(container, name, true).at(-1);
  if (last === undefined) return undefined;
  if (TRUE_SPELLINGS.includes(last)) return true;
  if (FALSE_SPELLINGS.includes(last)) return false;
  return undefined;
}
