/**
 * The JSON result of a ridge MMM (SPEC §2 shape): metrics, penalty, per-channel summaries and the
 * baseline's terms. Built from a fitted RidgeModel; arrays stay on the model.
 */
import { modelPeriod } from "../mmmData";
import { channelSummaries, organicSummaries, type ChannelSummary, type LinearFit, type OrganicSummary } from "../decomposition";
import type { RidgeModel } from "./fit";
import { identification, identificationWarnings, type ChannelIdentification } from "./identification";

export interface RidgeResult {
  kind: "ridge";
  kpi: string;
  weeks: number;
  start: string;
  end: string;
  metrics: RidgeModel["metrics"];
  penalty: { method: "gcv" | "tscv" | "fixed"; lambda: number; df: number };
  /** Paid channels (spend, ROAS). */
  channels: ChannelSummary[];
  /** Organic media: contribution and contribution per unit of activity (no ROAS); absent without any. */
  organic?: OrganicSummary[];
  baseline: {
    intercept: number;
    /** Coefficients of trend (per year) and Fourier terms. */
    terms: Record<string, number>;
    /** Contributions are deviations from each control's mean (zero in total for numeric controls). */
    controls: { name: string; coef: number; contribution: number; effectOfOneSd: number }[];
    /** Total of intercept, trend, seasonality and the controls' mean effects over the period. */
    contribution: number;
  };
  /** Total paid-media contribution / total KPI. */
  mediaShareOfKpi: number;
  /** Per channel: whether the data identify its estimate, and why not (see identification.ts). */
  identification: ChannelIdentification[];
  warnings: string[];
  excluded: { name: string; reason: string }[];
}

/** The fit as the decomposition sees it (media coefficients first, then baseline columns). */
export function linearFit(m: RidgeModel): LinearFit {
  return { data: m.data, media: m.media, features: m.features, coef: m.fit.coef, intercept: m.fit.intercept };
}

export function ridgeResult(m: RidgeModel): RidgeResult {
  const d = m.data;
  const C = d.channels.length;
  const channels = channelSummaries(linearFit(m));
  const organic = organicSummaries(linearFit(m));
  const terms: Record<string, number> = {};
  const controls: RidgeResult["baseline"]["controls"] = [];
  let baseTotal = m.fit.intercept * d.n;
  d.base.cols.forEach((col, b) => {
    const coef = m.fit.coef[C + b]!;
    const total = coef * col.reduce((a, v) => a + v, 0);
    baseTotal += total;
    if (d.base.kind[b] !== "control") terms[d.base.names[b]!] = coef;
    else {
      const mean = col.reduce((a, v) => a + v, 0) / d.n;
      const sd = Math.sqrt(col.reduce((a, v) => a + (v - mean) ** 2, 0) / d.n);
      controls.push({ name: d.base.names[b]!, coef, contribution: total - coef * mean * d.n, effectOfOneSd: coef * sd });
    }
  });
  const media = channels.reduce((a, c) => a + c.contribution, 0);
  const kpiTotal = d.y.reduce((a, b) => a + b, 0);
  const ids = identification(m);
  const warnings = [...d.warnings, ...fitWarnings(m, channels), ...organic.filter((o) => o.coef === 0).map((o) => `Organic media '${o.name}' got no effect (coefficient pinned at 0).`), ...identificationWarnings(ids)];
  return {
    kind: "ridge",
    ...modelPeriod(d),
    metrics: m.metrics,
    penalty: { method: m.penalty, lambda: m.fit.lambda, df: m.fit.df },
    channels,
    ...(organic.length ? { organic } : {}),
    baseline: { intercept: m.fit.intercept, terms, controls, contribution: baseTotal },
    mediaShareOfKpi: kpiTotal ? media / kpiTotal : NaN,
    identification: ids,
    warnings,
    excluded: d.excluded,
  };
}

function fitWarnings(m: RidgeModel, channels: ChannelSummary[]): string[] {
  const w: string[] = [];
  for (const c of channels) if (c.coef === 0) w.push(`Channel '${c.name}' got no effect (coefficient pinned at 0): its spend does not explain the KPI under these parameters.`);
  if (m.metrics.r2 < 0.5) w.push(`The fit is weak (R² ${m.metrics.r2.toFixed(2)}): check the KPI, add controls, or search the media parameters.`);
  const h = m.metrics.holdout;
  if (h && h.nrmse > 2 * m.metrics.nrmse + 0.05) w.push(`Out-of-sample error on the last ${h.weeks} weeks (NRMSE ${h.nrmse.toFixed(3)}) is much larger than in-sample (${m.metrics.nrmse.toFixed(3)}): the model may overfit.`);
  return w;
}
