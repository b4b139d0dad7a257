/**
 * Every JSON Pointer of a JSON value, plus one missing child under each container: the
 * pointers a loader test locates to compare two parses position by position.
 */
export function jsonPointers(value: unknown, base = ''): string[] {
  const out = [base];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...jsonPointers(v, `${base}/${i}`));
    out.push(`${base}/${value.length}`);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      out.push(...jsonPointers(v, `${base}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
    out.push(`${base}/missing~1x`);
  }
  return out;
}
