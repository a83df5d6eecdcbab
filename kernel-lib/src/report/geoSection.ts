/**
 * The report's geo section (engine.runGeoBayesianMMM): per channel the national ROAS and
 * contribution (sums over geos per draw) with their 94% HDIs and the pooling spread τ, then each
 * geo's ROAS per channel and where each geo's KPI comes from (baseline, week effects, controls, channels); when the geo fit is the model in use it says so, and a per-geo budget plan
 * adds spend and expected KPI by geo. Absent without a geo fit.
 */
import type { GeoBayesianResult } from "../model/bayes/geo/geoResult";
import type { BudgetPlan } from "../model/budget";
import type { GeoDecomposition } from "../model/bayes/geo/geoDecomposition";
import { geoShareTable } from "./geoDecomposition";
import { fmtInterval, fmtNumber, fmtSigned, mdTable } from "./format";

/** Geos listed in the per-geo table (the largest by KPI scale first would need the data; listed in order). */
const MAX_GEOS = 20;

/** The section's Markdown, or undefined without a geo fit. */
export function geoSection(r: GeoBayesianResult | undefined, opts: { inUse?: boolean; plan?: BudgetPlan; decomposition?: GeoDecomposition } = {}): string | undefined {
  if (!r) return undefined;
  const national = mdTable(
    ["channel", "ROAS (94% HDI)", "contribution (94% HDI)", "spread across geos τ (CV; log sd if log-normal)"],
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
    ...(r.warnings.length ? [`Warnings from the geo fit:\n\n${r.warnings.map((w) => `- ${w}`).join("\n")}`] : []),
    `ROAS by geo${more}:`,
    perGeo,
    ...(opts.decomposition
      ? [
          `Where each geo's ${r.kpi} comes from (share of its observed total over the data, posterior means; baseline = intercept + trend + seasonality, week effects shared by the geos; the national row sums the geos${more}):`,
          geoShareTable(opts.decomposition, MAX_GEOS),
        ]
      : []),
    ...(opts.inUse ? ["The geo model is the latest fit: scenarios and the budget recommendation come from its curves (the ROI table above is the national model's)."] : []),
    ...(opts.plan?.geo ? [geoBudgetTable(opts.plan)] : []),
  ].join("\n\n");
}

/** The budget section's "from …" when the plan came from the geo model. */
export function geoBudgetSource(plan: BudgetPlan | undefined, inUse: boolean): string | undefined {
  if (plan?.geo) return "the hierarchical geo model's posterior-mean curves, allocated per geo × channel (rows `channel@geo`; sums by geo in the Geo model section)";
  return inUse && plan ? "the hierarchical geo model's posterior-mean curves, each channel at its current split across geos" : undefined;
}

/** Spend and expected KPI by geo of a per-geo budget plan; the total is the national one. */
function geoBudgetTable(plan: BudgetPlan): string {
  const byGeo = plan.geo!.byGeo;
  const rows = Object.entries(byGeo).map(([g, t]) => [g, fmtNumber(t.current), fmtNumber(t.allocation), t.current > 0 ? fmtSigned((t.allocation - t.current) / t.current, true) : "new", fmtNumber(t.currentExpected), fmtNumber(t.expected)]);
  const sum = (k: "current" | "allocation" | "currentExpected" | "expected") => Object.values(byGeo).reduce((a, t) => a + t[k], 0);
  rows.push(["**Total**", fmtNumber(sum("current")), fmtNumber(sum("allocation")), "", fmtNumber(sum("currentExpected")), fmtNumber(sum("expected"))]);
  const table = mdTable(["geo", "current spend", "recommended", "change %", "KPI now", "KPI planned"], rows, ["l", "r", "r", "r", "r", "r"]);
  return `Budget by geo over ${plan.weeks} weeks (all channels; media-driven KPI):\n\n${table}`;
}
