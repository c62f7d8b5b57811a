// Formatting for numbers and instants on the pages. Instants are shown in UTC so that the server and the
// browser render the same text, whatever the viewer's time zone.

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  return Math.abs(value) >= 100_000 ? compact.format(value) : integer.format(value);
}

/** Formats milliseconds with three significant digits, switching to seconds from 1,000 ms. */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (value >= 1000) return `${Number((value / 1000).toPrecision(3))} s`;
  return `${Number(value.toPrecision(3))} ms`;
}

/** Formats a share as a percentage. A value that rounds to zero prints without a sign, never as "-0.0%". */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return "–";
  const text = (value * 100).toFixed(digits);
  return `${Number(text) === 0 ? text.replace(/^-/, "") : text}%`;
}

/** Formats a number with up to four significant digits, for means, errors and losses. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** Formats an instant as `2026-01-31 14:05 UTC`. */
export function formatDateTime(value: Date | string | number | null | undefined): string {
  if (value === null || value === undefined) return "never";
  const date = new Date(value);
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** Formats a chart tick: the time of day for buckets under a day, else the date. */
export function formatTick(epochMs: number, bucketMs: number): string {
  const date = new Date(epochMs);
  if (bucketMs >= 24 * 3_600_000) return `${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  if (bucketMs >= 3_600_000) return `${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${time}`;
  return time;
}

/** Returns the value a `datetime-local` input shows for an instant in UTC, such as `2026-01-31T14:05`. */
export function toDateTimeLocal(value: string | number | undefined): string {
  if (value === undefined) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  return date.toISOString().slice(0, 16);
}

/** Reads a `datetime-local` value as UTC and returns an ISO 8601 timestamp, or null when it is empty or invalid. */
export function fromDateTimeLocal(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(`${value}:00Z`);
  return Number.isNaN(date.getTime()) ? null : `${value}:00Z`;
}
