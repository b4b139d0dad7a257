/** Turns input bytes into text, refusing binary files and invalid UTF-8. */

export type DecodeResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'binary' | 'utf8'; readonly byteOffset: number };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes UTF-8 (a leading BOM is dropped). A NUL byte means a binary file; an invalid
 * sequence is reported with the byte offset of its first byte. Never throws.
 */
export function decodeInput(bytes: Uint8Array): DecodeResult {
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { ok: false, reason: 'binary', byteOffset: nul };
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, reason: 'utf8', byteOffset: firstInvalidUtf8(bytes) };
  }
}

/** Offset of the first byte of the first invalid UTF-8 sequence (RFC 3629), or the length. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    let max = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = c === 0xe0 ? 0xa0 : 0x80;
      if (c === 0xed) max = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = c === 0xf0 ? 0x90 : 0x80;
      if (c === 0xf4) max = 0x8f;
    } else return i;
    const second = b[i + 1] ?? -1;
    if (second < min || second > max) return i;
    for (let k = 2; k <= n; k++) {
      const x = b[i + k] ?? -1;
      if (x < 0x80 || x > 0xbf) return i;
    }
    i += n + 1;
  }
  return b.length;
}

/** Converts a byte offset into a UTF-16 offset of the valid prefix (for locating it in text). */
export function byteOffsetToTextOffset(bytes: Uint8Array, byteOffset: number): number {
  const prefix = bytes.subarray(0, byteOffset);
  return new TextDecoder('utf-8').decode(prefix).length;
}
