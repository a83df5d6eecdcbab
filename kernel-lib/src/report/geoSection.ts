/**
 * The report's geo section (engine.runGeoBayesianMMM): per channel the national ROAS and
 * contribution (sums over geos per draw) with their 94% HDIs and the pooling spread τ, then each
 * geo's ROAS per channel. Absent without a geo fit.
 */
import type { GeoBayesianResult } from "../model/bayes/geo/geoResult";
import { fmtInterval, mdTable } from "./format";

/** Geos listed in the per-geo table (the largest by KPI scale first would need the data; listed in order). */
const MAX_GEOS = 20;

/** The section's Markdown, or undefined without a geo fit. */
export function geoSection(r: GeoBayesianResult | undefined): string | undefined {
  if (!r) return undefined;
  const national = mdTable(
    ["channel", "ROAS (94% HDI)", "contribution (94% HDI)", "spread across geos τ"],
    r.channels.map((c) => [c.name, fmtInterval(c.roas.mean, c.roas.hdi94), fmtInterval(c.contribution.mean, c.contribution.hdi94), fmtInterval(c.tau.mean, c.tau.hdi94)]),
    ["l", "r", "r", "r"],
  );
  const shown = r.geos.slice(0, MAX_GEOS);
  const perGeo = mdTable(
    ["geo", ...r.channels.map((c) => `${c.name} ROAS`)],
    shown.map((g, i) => [g, ...r.channels.map((c) => fmtInterval(c.geos[i]!.roas.mean, c.geos[i]!.roas.hdi94))]),
    ["l", ...r.channels.map((): "r" => "r")],
  );
  const s = r.sampler;
  const more = r.geos.length > shown.length ? ` (first ${shown.length} of ${r.geos.length} geos)` : "";
  return [
    "## Geo model",
    `Hierarchical geo model of ${r.kpi} on ${r.geos.length} geos × ${r.weeks} weeks (${r.start} to ${r.end}), each geo scaled by its ${r.scaling === "population" ? "population" : "mean KPI"}: each geo has its own baseline; channel effects are partially pooled across geos, adstock and saturation shared. National figures sum the geos draw by draw. ${s.chains} × (${s.warmup} warm-up + ${s.draws}) draws in ${s.seconds.toFixed(0)} s, max R-hat ${s.maxRhat.toFixed(3)}, ${s.divergences} divergences.`,
    national,
    `ROAS by geo${more}:`,
    perGeo,
  ].join("\n\n");
}
