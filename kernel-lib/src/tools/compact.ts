/**
 * Keep tool results small enough for an LLM context: long arrays are cut with a note saying how
 * many items were left out, long strings are trimmed, numbers are rounded to 6 significant digits.
 * A tool may return thousands of rows to a person; the model gets a summary.
 */

export interface CompactOptions {
  /** Items kept from any array (default 30). */
  maxItems?: number;
  /** Characters kept from any string (default 2000). */
  maxString?: number;
  /** Nesting below this depth is summarised (default 6). */
  maxDepth?: number;
}

/** A JSON-safe, size-limited copy of `value`. */
export function compact(value: unknown, opts: CompactOptions = {}, depth = 0): unknown {
  const maxItems = opts.maxItems ?? 30;
  const maxString = opts.maxString ?? 2000;
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? +value.toPrecision(6) : String(value);
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") return value.length > maxString ? `${value.slice(0, maxString)}… (${value.length - maxString} more characters)` : value;
  if (typeof value === "boolean") return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (ArrayBuffer.isView(value)) return compact(Array.from(value as unknown as ArrayLike<number>), opts, depth);
  if (typeof value !== "object") return String(value);
  if (depth >= (opts.maxDepth ?? 6)) return Array.isArray(value) ? `[${value.length} items]` : "{…}";
  if (Array.isArray(value)) {
    const kept = value.slice(0, maxItems).map((v) => compact(v, opts, depth + 1));
    if (value.length > maxItems) kept.push(`… ${value.length - maxItems} more of ${value.length} items (use filters or a limit to see others)`);
    return kept;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === "function" || v === undefined) continue;
    out[k] = compact(v, opts, depth + 1);
  }
  return out;
}

/** The JSON text sent back to the model as the tool message. */
export function toolResultText(value: unknown, opts?: CompactOptions): string {
  return JSON.stringify(compact(value, opts));
}
