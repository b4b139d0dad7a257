/** `--now` and duration options shared by lint and audit; the expiring-exceptions listing. */
import type { ResolvedException } from '@kpc/core';
import { parseExpiryDate } from '@kpc/core/internal';
import { UsageError } from '../errors.ts';

const DAY_MS = 86_400_000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * Parses `--now`: a date `YYYY-MM-DD` (00:00 UTC) or an instant `YYYY-MM-DDTHH:MM:SSZ`.
 * Returns ms since the epoch; undefined input means the real clock.
 */
export function parseNow(value: string | undefined, clock: () => number = Date.now): number {
  if (value === undefined) return clock();
  const day = parseExpiryDate(value);
  if (day !== undefined) return day;
  if (ISO_INSTANT.test(value)) {
    const t = Date.parse(value);
    if (!Number.isNaN(t) && parseExpiryDate(value.slice(0, 10)) !== undefined) return t;
  }
  throw new UsageError(
    `--now must be a date YYYY-MM-DD or an instant YYYY-MM-DDTHH:MM:SSZ, got "${value}"`,
  );
}

/** Parses a number of days such as `30d` (or `30`). */
export function parseDays(value: string, option: string): number {
  const m = /^(\d{1,5})d?$/.exec(value);
  if (!m) throw new UsageError(`${option} must be a number of days such as 30d, got "${value}"`);
  return Number(m[1]);
}

/**
 * The exceptions that have expired at `now` or expire within `days` days, soonest first,
 * as text lines (one per exception), and whether any has already expired.
 */
export function expiringExceptions(
  exceptions: readonly ResolvedException[],
  now: number,
  days: number,
  where: (e: ResolvedException) => string,
): { lines: string[]; count: number; expired: number } {
  const until = now + days * DAY_MS;
  const due = exceptions
    .filter((e) => e.expiresAt !== undefined && e.expiresAt <= until)
    .sort((a, b) => a.expiresAt! - b.expiresAt! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let expired = 0;
  const lines = due.map((e) => {
    const left = Math.ceil((e.expiresAt! - now) / DAY_MS);
    const isExpired = e.expiresAt! <= now;
    if (isExpired) expired++;
    const state = isExpired ? 'EXPIRED' : `in ${left} day${left === 1 ? '' : 's'}`;
    return `${e.expires}  ${state.padEnd(12)}  ${e.id}  owner ${e.owner}  rules ${e.rules.join(',')}  ${where(e)}`;
  });
  return { lines, count: due.length, expired };
}
