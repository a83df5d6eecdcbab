/**
 * Numbers that arrive as text: "1,234.56" (thousands separators), "1.234,56" or "1234,56" (a decimal
 * comma, as German and French exports write them), "$1,234", "1 234,5". A column is converted only
 * when every non-empty value reads as a number in one format; otherwise it stays text and the first
 * value that does not read is reported by row, so the analyst knows exactly what to fix.
 */
import { dtypeName, pl, type DataFrame } from "./polars";

export type NumberFormat = "thousands-comma" | "decimal-comma";

export interface TextNumbers {
  /** Columns converted to numbers, with the format read. */
  converted: Record<string, NumberFormat>;
}

const CURRENCY = /^[\s$€£¥₹]+|[\s$€£¥₹%]+$/g;
const US = /^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+\.\d+$|^-?\d+$/;
const EU = /^-?\d{1,3}([. \u00a0\u202f]\d{3})+(,\d+)?$|^-?\d+,\d+$|^-?\d+$/;

function clean(v: string): string {
  return v.replace(CURRENCY, "").trim();
}

/** The one format every value fits (`;`-separated files favour the decimal comma when both fit). */
export function numberFormatOf(values: string[], separator?: string): NumberFormat | undefined {
  const vs = values.map(clean).filter((v) => v !== "");
  if (vs.length === 0 || !vs.some((v) => /[,.\s\u00a0\u202f]/.test(v))) return undefined;
  const us = vs.every((v) => US.test(v)) && vs.some((v) => v.includes(","));
  const eu = vs.every((v) => EU.test(v)) && vs.some((v) => /[,\s\u00a0\u202f]|\.\d{3}/.test(v));
  if (us && eu) return separator === ";" ? "decimal-comma" : "thousands-comma";
  return us ? "thousands-comma" : eu ? "decimal-comma" : undefined;
}

/** `v` as a number in `format` (NaN when it does not read). */
export function readNumber(v: string, format: NumberFormat): number {
  const c = clean(v);
  const plain = format === "thousands-comma" ? c.replace(/,/g, "") : c.replace(/[. \u00a0\u202f]/g, "").replace(",", ".");
  return c === "" ? NaN : Number(plain);
}

/** Convert every text column whose values are all numbers in one format; report what was converted. */
export function parseTextNumbers(frame: DataFrame, opts: { separator?: string; skip?: string[] } = {}): { frame: DataFrame } & TextNumbers {
  const converted: Record<string, NumberFormat> = {};
  const cols = frame.columns.filter((c) => dtypeName(frame.getColumn(c).dtype) === "String" && !opts.skip?.includes(c));
  const replaced = cols.flatMap((c) => {
    const raw = frame.getColumn(c).toArray() as (string | null)[];
    const fmt = numberFormatOf(
      raw.filter((v): v is string => v !== null),
      opts.separator,
    );
    if (!fmt) return [];
    converted[c] = fmt;
    return [
      pl.Series(
        c,
        raw.map((v) => (v === null || clean(v) === "" ? null : readNumber(v, fmt))),
        pl.Float64,
      ),
    ];
  });
  return { frame: replaced.length ? frame.withColumns(...replaced) : frame, converted };
}

/** The first value of a text column that is not a number in any format (for errors that name it). */
export function firstNonNumber(values: (string | null)[]): { row: number; value: string; count: number } | undefined {
  const bad = values.map((v, i) => ({ v, i })).filter(({ v }) => v !== null && clean(v) !== "" && !US.test(clean(v)) && !EU.test(clean(v)));
  return bad.length ? { row: bad[0]!.i, value: bad[0]!.v!, count: bad.length } : undefined;
}
