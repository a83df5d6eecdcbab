/**
 * The report's tables as Polars frames (exported as CSV / Parquet): ROI, fit metrics, weekly
 * decomposition, response curves, budget plan, preparation steps and notes. Flat columns only, so
 * every table round-trips through CSV.
 */
import { pl, type DataFrame } from "../data/polars";
import type { BudgetPlan } from "../model/budget";
import { stackedSeries } from "./charts/contributions";
import type { ModelView } from "./gather";
import type { DataSummary } from "./gather";
import { describeStep, type AnalysisNote } from "./sections";

/** One row per channel: spend, contribution, ROAS, marginal ROAS (and 94% HDI bounds when Bayesian). */
export function roiTable(m: ModelView): DataFrame {
  const rows = [...m.roi].sort((a, b) => b.roas - a.roas);
  const cols: Record<string, (string | number)[]> = {
    channel: rows.map((c) => c.name),
    spend: rows.map((c) => c.spend),
    contribution: rows.map((c) => c.contribution),
    roas: rows.map((c) => c.roas),
    mroas: rows.map((c) => c.mroas),
  };
  if (m.kind === "bayesian") {
    for (const [key, pick] of [
      ["contribution", (c: (typeof rows)[number]) => c.contributionHdi],
      ["roas", (c: (typeof rows)[number]) => c.roasHdi],
      ["mroas", (c: (typeof rows)[number]) => c.mroasHdi],
    ] as const) {
      cols[`${key}_hdi_lo`] = rows.map((c) => pick(c)?.[0] ?? NaN);
      cols[`${key}_hdi_hi`] = rows.map((c) => pick(c)?.[1] ?? NaN);
    }
  }
  return pl.DataFrame(cols);
}

/** Long table of every model's fit metrics and diagnostics. */
export function metricsTable(models: ModelView[]): DataFrame {
  const rows: { model: string; metric: string; value: number }[] = [];
  for (const m of models) {
    const { holdout, ...plain } = m.metrics;
    for (const [k, v] of Object.entries(plain)) if (v !== undefined) rows.push({ model: m.kind, metric: k, value: v });
    if (holdout) for (const [k, v] of Object.entries(holdout)) rows.push({ model: m.kind, metric: `holdout_${k}`, value: v });
    const { seconds, ...diag } = m.diagnostics ?? {};
    for (const [k, v] of Object.entries(diag)) rows.push({ model: m.kind, metric: k, value: v as number });
    if (seconds !== undefined) rows.push({ model: m.kind, metric: "seconds", value: seconds });
  }
  return pl.DataFrame({ model: rows.map((r) => r.model), metric: rows.map((r) => r.metric), value: rows.map((r) => r.value) });
}

/** Week by week: actual, fitted, then each part (baseline, controls, channels); parts sum to fitted. */
export function decompositionTable(m: ModelView): DataFrame | undefined {
  if (!m.decomposition) return undefined;
  const s = stackedSeries(m.decomposition);
  const cols: Record<string, (string | number)[]> = { date: s.dates, actual: s.actual };
  cols.fitted = s.dates.map((_, t) => s.parts.reduce((a, p) => a + p.y[t]!, 0));
  if (!Array.isArray(m.decomposition)) {
    const band = (m.decomposition as { fitted: { lo: number[]; hi: number[] } }).fitted;
    cols.fitted_hdi_lo = band.lo;
    cols.fitted_hdi_hi = band.hi;
  }
  for (const p of s.parts) cols[p.kind === "control" ? `control_${p.name}` : p.name] = p.y;
  return pl.DataFrame(cols);
}

/** Long table of the response curves (channel, weekly spend, response [, 94% HDI]). */
export function curvesTable(m: ModelView): DataFrame | undefined {
  if (!m.curves) return undefined;
  const out = { channel: [] as string[], weekly_spend: [] as number[], response: [] as number[], response_hdi_lo: [] as number[], response_hdi_hi: [] as number[] };
  for (const c of m.curves) {
    const band = Array.isArray(c.response) ? undefined : (c.response as { mean: number[]; lo: number[]; hi: number[] });
    c.spend.forEach((s, i) => {
      out.channel.push(c.channel);
      out.weekly_spend.push(s);
      out.response.push(band ? band.mean[i]! : (c.response as number[])[i]!);
      out.response_hdi_lo.push(band ? band.lo[i]! : NaN);
      out.response_hdi_hi.push(band ? band.hi[i]! : NaN);
    });
  }
  const df = pl.DataFrame(out);
  return m.kind === "bayesian" ? df : df.drop("response_hdi_lo", "response_hdi_hi");
}

/** The plan per channel: current, recommended, change, marginal ROAS at the optimum, bound status. */
export function budgetTable(plan: BudgetPlan): DataFrame {
  const names = Object.keys(plan.allocation);
  const cur = names.map((n) => plan.current[n] ?? 0);
  const rec = names.map((n) => plan.allocation[n]!);
  return pl.DataFrame({
    channel: names,
    current: cur,
    recommended: rec,
    change: rec.map((r, i) => r - cur[i]!),
    change_pct: rec.map((r, i) => (cur[i]! > 0 ? (100 * (r - cur[i]!)) / cur[i]! : NaN)),
    mroas_at_optimum: names.map((n) => plan.mroas[n] ?? NaN),
    status: names.map((n) => plan.status[n] ?? ""),
  });
}

/**
 * Preparation steps applied to the data. (Not "rows"/"columns": a nodejs-polars frame exposes its
 * columns as properties, and those names would shadow its own `rows()` and `columns`.)
 */
export function stepsTable(d: DataSummary): DataFrame {
  return pl.DataFrame({ step: d.steps.map((s) => s.step), rows_after: d.steps.map((s) => s.rows), columns_after: d.steps.map((s) => s.columns), description: d.steps.map(describeStep) });
}

/** The analysis notes. */
export function notesTable(notes: readonly AnalysisNote[]): DataFrame {
  return pl.DataFrame({ at: notes.map((n) => n.at), phase: notes.map((n) => n.phase ?? ""), text: notes.map((n) => n.text) });
}
