/**
 * Number and Markdown formatting for reports: numbers as an analyst reads them (thousands
 * separators, two or three significant decimals), Markdown tables with escaped cells.
 */

const INTEGER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const SIGNIFICANT = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });

/**
 * A number for people: whole numbers with separators from 100 up, three significant digits below.
 * @example
 * fmtNumber(1234567.8); // "1,234,568"
 * fmtNumber(2.83184);   // "2.83"
 * fmtNumber(0.012345);  // "0.0123"
 */
export function fmtNumber(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return "–";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  // Below 100 the digits after the point carry the information (ROAS 2.83); above, they are noise.
  return Math.abs(v) >= 100 ? INTEGER.format(v) : SIGNIFICANT.format(v);
}

/**
 * A ratio as a percentage with up to three significant digits.
 * @example
 * fmtPct(0.12748); // "12.7%"
 */
export function fmtPct(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return "–";
  return `${fmtNumber(100 * ratio)}%`;
}

/**
 * A signed change: "+1,043,941" / "−12.3%".
 * @example
 * fmtSigned(-0.5, true); // "−50%"
 */
export function fmtSigned(v: number, asPct = false): string {
  if (!Number.isFinite(v)) return "–";
  const body = asPct ? fmtPct(Math.abs(v)) : fmtNumber(Math.abs(v));
  if (body === "0" || body === "0%") return body;
  return `${v < 0 ? "−" : "+"}${body}`;
}

/**
 * A posterior summary as "mean [lo, hi]" (94% HDI).
 * @example
 * fmtInterval(2.1, [1.4, 2.9]); // "2.1 [1.4, 2.9]"
 */
export function fmtInterval(mean: number, hdi?: readonly [number, number]): string {
  return hdi ? `${fmtNumber(mean)} [${fmtNumber(hdi[0])}, ${fmtNumber(hdi[1])}]` : fmtNumber(mean);
}

/** Escape text for a Markdown table cell (pipes would split the cell, newlines the row). */
export function mdCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/**
 * A GitHub-flavoured Markdown table; `align` marks numeric columns right-aligned.
 * @example
 * mdTable(["channel", "ROAS"], [["tv", "1.6"]], ["l", "r"]);
 * // | channel | ROAS |\n| :-- | --: |\n| tv | 1.6 |
 */
export function mdTable(header: string[], rows: string[][], align: ("l" | "r")[] = []): string {
  const rule = header.map((_, i) => (align[i] === "r" ? "--:" : ":--"));
  const line = (cells: string[]) => `| ${cells.map(mdCell).join(" | ")} |`;
  return [line(header), `| ${rule.join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** Strip credentials from a source location: user:password@ in URLs and query strings (signed URLs carry tokens there). */
export function safeLocation(location: string | undefined): string | undefined {
  if (!location || !/^[a-z][a-z0-9+.-]*:\/\//i.test(location) || location.startsWith("file:")) return location;
  try {
    const url = new URL(location);
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString() + (location.includes("?") ? "?…" : "");
  } catch {
    return location.replace(/\?.*$/, "?…"); // unparsable: still never show the query
  }
}
