/**
 * A data profile as plain text for terminals and `text/plain` outputs.
 */
import type { DataProfile } from "../data/profile";

const fmt = (x: number | undefined) => (x === undefined ? "-" : Math.abs(x) >= 1e4 ? x.toExponential(2) : Number(x.toFixed(2)).toString());

/** A readable multi-line summary of a profile. */
export function profileText(p: DataProfile): string {
  const r = p.roles;
  const t = p.timeline;
  const lines = [
    `Rows ${p.rows} × columns ${p.columns}; ${p.granularity}${t ? ` from ${t.start} to ${t.end} (${t.weeks} weeks${t.geos ? `, ${t.geos} geos` : ""})` : ""}`,
    `Date: ${r.date ?? "not found"}    KPI: ${r.kpi ?? "not found"}${r.kpiCandidates.length > 1 ? ` (candidates: ${r.kpiCandidates.join(", ")})` : ""}${r.geo ? `    Geo: ${r.geo}` : ""}`,
    `Paid media spend (${r.channels.length}): ${r.channels.join(", ") || "none"}`,
    `Impressions / clicks (${r.impressions.length}): ${r.impressions.join(", ") || "none"}`,
    `Controls (${r.controls.length}): ${r.controls.join(", ") || "none"}${r.categorical.length ? `  [text: ${r.categorical.join(", ")}]` : ""}`,
    ...(r.ignored.length ? [`Left out: ${r.ignored.map((c) => `${c || "(unnamed)"} — ${r.reasons[c]}`).join("; ")}`] : []),
    `Sufficient for MMM (≥ ${p.minRowsForMmm} weeks): ${p.sufficient ? "yes" : "no"}    Needs weekly aggregation: ${p.needsAggregation ? "yes" : "no"}`,
    "",
    qualityTable(p),
  ];
  if (p.warnings.length) lines.push("", "Warnings:", ...p.warnings.map((w) => `  - ${w}`));
  return lines.join("\n");
}

function qualityTable(p: DataProfile): string {
  const cols = [p.roles.kpi, ...p.roles.channels, ...p.roles.controls].filter((c): c is string => Boolean(c));
  const header = ["column", "nulls", "mean", "min", "max", "zeros", "skew", "outliers(IQR)", "VIF"];
  const rows = cols.map((c) => {
    const q = p.quality[c]!;
    return [c, String(q.nulls), fmt(q.mean), fmt(q.min), fmt(q.max), q.zeros === undefined ? "-" : String(q.zeros), fmt(q.skew), q.outliersIqr === undefined ? "-" : String(q.outliersIqr), fmt(q.vif)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
