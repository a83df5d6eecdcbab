/**
 * The analytics that read the model specification: rolling-origin cross-validation of the ridge
 * fit (per-fold out-of-sample MAPE / R² / RMSE, box plots against simpler specifications) and
 * stepwise selection of controls by AIC on OLS with the media columns fixed.
 */
import { MMMError } from "../errors";
import { cvFoldMetrics, withoutControls } from "../model/analytics/cvFolds";
import { ones } from "../model/analytics/ols";
import { stepwiseAic } from "../model/analytics/stepwise";
import type { MediaParams } from "../model/media";
import { cvPlan } from "../model/search/cv";
import { fmtNumber } from "../report/format";
import { cvBoxplotFigure } from "./analyticsBoxplot";
import { kpiOf, rolesOf, seriesFor, sig } from "./analyticsInputs";
import type { ToolContext } from "./types";

function ridgeModel(ctx: ToolContext, alternative: string) {
  const fit = ctx.engine.analysis.ridge;
  if (!fit) throw new MMMError("NO_MODEL", "No ridge model has been fitted yet.", `Run run_ols_mmm first${alternative}.`);
  return fit.model;
}

const pct = (v: number) => `${sig(100 * v, 2)}%`;

/** cross_validation: fold metrics of the current ridge fit, and of the same fit without controls / without carry-over, as box plots. */
export function crossValidation(a: { folds?: number }, ctx: ToolContext) {
  const m = ridgeModel(ctx, "");
  const plan = cvPlan(m.data.n, m.fit.coef.length, { folds: a.folds });
  if (!plan)
    throw new MMMError(
      "INVALID_ARGUMENT",
      `${m.data.n} weeks are too few for ${a.folds ?? 4} CV folds with ${m.fit.coef.length} regressors (the first fold needs ≥ ${Math.max(20, m.fit.coef.length + 5)} training weeks).`,
      "Use fewer folds, or read the in-sample fit and the holdout instead.",
    );
  const noCarry: MediaParams[] = m.media.map((p) => ({ ...p, adstock: { type: "geometric", params: { alpha: 0, lMax: 1, normalize: true } } }));
  const specs = [
    { name: "current fit", data: m.data, media: m.media },
    ...(m.data.base.kind.includes("control") ? [{ name: "without controls", data: withoutControls(m.data), media: m.media }] : []),
    { name: "without carry-over", data: m.data, media: noCarry },
  ];
  const runs = specs.map((s) => ({ name: s.name, ...cvFoldMetrics(s.data, s.media, m.fit.lambda, plan) }));
  ctx.engine.analysis.setFigure(
    "cv_boxplot",
    cvBoxplotFigure(
      runs.map((r) => ({ name: r.name, values: r.folds.map((f) => f.mape) })),
      { measure: "out-of-sample MAPE per fold" },
    ),
    { fromModel: true },
  );
  const cur = runs[0]!;
  const round = (s: { mean: number; sd: number }) => ({ mean: sig(s.mean), sd: sig(s.sd, 2) });
  const others = runs.slice(1).map((r) => `${r.name} ${pct(r.summary.mape.mean)}`);
  const beaten = runs.slice(1).filter((r) => r.summary.mape.mean < cur.summary.mape.mean);
  const summary = `Rolling-origin CV of the ridge fit (${plan.folds} folds of ${plan.horizon} weeks, the first trained on ${plan.first}): out-of-sample MAPE ${pct(cur.summary.mape.mean)} ± ${pct(cur.summary.mape.sd)}, R² ${sig(cur.summary.r2.mean, 2)} ± ${sig(cur.summary.r2.sd, 2)}, RMSE ${fmtNumber(cur.summary.rmse.mean)}; MAPE ${others.join(", ")}${beaten.length ? ` — ${beaten.map((r) => r.name).join(" and ")} predicts better out of sample: reconsider the specification` : ""}.`;
  return {
    plan,
    folds: cur.folds.map((f) => ({ fold: f.fold, trainWeeks: f.train, horizon: f.horizon, mape: sig(f.mape), r2: sig(f.r2), rmse: sig(f.rmse) })),
    summaryMetrics: { mape: round(cur.summary.mape), r2: round(cur.summary.r2), rmse: round(cur.summary.rmse) },
    candidates: runs.map((r) => ({ name: r.name, mape: round(r.summary.mape), r2: round(r.summary.r2), rmse: round(r.summary.rmse), foldMape: r.folds.map((f) => sig(f.mape)) })),
    figure: "cv_boxplot",
    summary,
  };
}

/** The columns stepwise selection works on: the ridge design when fitted (media features, trend and seasonality fixed), else the table (spends fixed). */
function stepwiseInputs(ctx: ToolContext, columns?: readonly string[]) {
  const fit = ctx.engine.analysis.ridge;
  if (fit) {
    const { data, features } = fit.model;
    const base = data.base.names.map((name, j) => ({ name, col: data.base.cols[j]!, kind: data.base.kind[j]! }));
    const pool = base.filter((b) => b.kind === "control");
    const fixed = [ones(data.n), ...features, ...base.filter((b) => b.kind !== "control").map((b) => b.col)];
    return { y: data.y, fixed, pool: Object.fromEntries(pool.map((b) => [b.name, b.col])), source: "ridge design: transformed media, trend and seasonality fixed" };
  }
  const { channels, controls } = rolesOf(ctx);
  const kpi = kpiOf(ctx);
  const cands = columns ?? controls;
  const fixedOnes = cands.filter((c) => c === kpi || channels.includes(c));
  if (fixedOnes.length)
    throw new MMMError("INVALID_ARGUMENT", `${fixedOnes.join(", ")} ${fixedOnes.length > 1 ? "are" : "is"} the KPI or a channel, not a candidate control.`, `Candidates are controls: ${controls.join(", ") || "none set"}.`);
  const s = seriesFor(ctx, [kpi, ...channels, ...cands]);
  return { y: s.columns[kpi]!, fixed: [ones(s.index.length), ...channels.map((c) => s.columns[c]!)], pool: Object.fromEntries(cands.map((c) => [c, s.columns[c]!])), source: "table: channel spends fixed" };
}

/** stepwise: forward (then optionally backward) selection of controls by OLS AIC. */
export function stepwise(a: { columns?: string[]; backward?: boolean }, ctx: ToolContext) {
  const inp = stepwiseInputs(ctx, a.columns);
  const unknown = (a.columns ?? []).filter((c) => !(c in inp.pool));
  if (unknown.length) throw new MMMError("INVALID_ARGUMENT", `Not a candidate control: ${unknown.join(", ")}.`, `Candidates: ${Object.keys(inp.pool).join(", ") || "none"} (the model's controls, one-hot columns by their encoded names).`);
  const pool = a.columns ? Object.fromEntries(a.columns.map((c) => [c, inp.pool[c]!])) : inp.pool;
  const r = stepwiseAic(inp.fixed, pool, inp.y, { backward: a.backward });
  const left = Object.keys(pool).filter((c) => !r.selected.includes(c));
  const path = r.steps.map((s) => `${s.direction === "forward" ? "+" : "−"}${s.column} (AIC ${fmtNumber(s.aic)})`).join(", ");
  const summary = `Stepwise selection of controls by AIC (${inp.source}): ${r.selected.length ? `keeps ${r.selected.join(", ")}` : "keeps none"}${left.length ? `, leaves out ${left.join(", ")}` : ""}; AIC ${fmtNumber(r.baseAic)} → ${fmtNumber(r.aic)}${path ? ` via ${path}` : ""}.`;
  return {
    source: inp.source,
    selected: r.selected,
    excluded: left,
    baseAic: sig(r.baseAic, 6),
    aic: sig(r.aic, 6),
    steps: r.steps.map((s) => ({ direction: s.direction, column: s.column, aic: sig(s.aic, 6), tried: Object.fromEntries(Object.entries(s.tried).map(([k, v]) => [k, sig(v, 6)])) })),
    summary,
  };
}
