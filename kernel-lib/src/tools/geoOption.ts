/**
 * `run_bayesian_mmm`'s `geo: true` (issue #15 item 1): the hierarchical geo model on the table's geo
 * panel (engine.runGeoBayesianMMM) instead of the national model. An option, not a tool (the
 * MODELING scope's tool count); the full analysis (playbook/geoStep.ts) and the guidance use it when the
 * data have a geo column, after the national fit. The run is predicted from the panel's geos, weeks and channels and asked
 * first when long. Options of the national model the geo model lacks are refused, not dropped.
 * The geo fit is recorded as `analysis.geoBayesian` (the report's "Geo model" section) and, as the
 * latest fit, is what scenarios, ROI and budgets read (optimize_budget byGeo: per geo × channel), and
 * roi_summary adds its national KPI shares (`geoKpiShares`: baseline, week effects, controls, channels);
 * forecasts and flighting read the national fits.
 */
import { MMMError } from "../errors";
import type { GeoBayesianResult } from "../model/bayes/geo/geoResult";
import type { GeoDecomposition } from "../model/bayes/geo/geoDecomposition";
import { askBeforeLongRun, chainProgress, predictBayesSeconds } from "./bayesCost";
import type { ToolContext } from "./types";

/** The tool arguments the geo fit reads or refuses. */
export interface GeoToolArgs {
  kpi?: string;
  channels?: string[];
  controls?: string[];
  likelihood?: "normal" | "studentT";
  nu?: number;
  saturation?: "logistic" | "hill";
  adstock?: string | Record<string, string>;
  baseline?: string;
  roasPriors?: Record<string, { mean: number; sd: number }>;
  contributionPriors?: object;
  liftTests?: unknown[];
  confirmed?: boolean;
  geoEffects?: "normal" | "logNormal";
}

const UNSUPPORTED = ["contributionPriors", "liftTests"] as const;

/** Refuse what the geo model does not take, with what to do instead. */
function checkGeoArgs(a: GeoToolArgs): void {
  const given: string[] = UNSUPPORTED.filter((k) => a[k] !== undefined);
  if (a.baseline === "hsgp") given.push("baseline: hsgp");
  if (given.length) {
    throw new MMMError("INVALID_ARGUMENT", `The geo model does not take ${given.join(", ")} yet.`, "Fit the geo model without them, or fit the national model (run_bayesian_mmm without geo) with them.", { value: given.join(", ") });
  }
}

/** Ask first when long, else fit the geo model and answer compactly (national table, ROAS by geo, sampler). */
export async function runGeoOption(a: GeoToolArgs, run: { chains: number; warmup: number; draws: number; seed: number }, ctx: ToolContext) {
  checkGeoArgs(a);
  const { engine } = ctx;
  const shape = engine.geoModelShape({ kpi: a.kpi, channels: a.channels, controls: a.controls });
  const ask = askBeforeLongRun(
    ctx,
    predictBayesSeconds({ ...shape, ...run }),
    a.confirmed,
    (t) =>
      `The geo model on ${shape.geos} geos × ${shape.weeks} weeks × ${shape.channels} channels is predicted to take about ${t} s. Ask the user (ask_user_to_choose) whether to run it, use fewer draws, or keep the national model; then call run_bayesian_mmm again with geo: true, confirmed: true.`,
    { geos: shape.geos },
  );
  if (ask) return ask;
  const r = await engine.runGeoBayesianMMM({
    ...run,
    kpi: a.kpi,
    channels: a.channels,
    controls: a.controls,
    likelihood: a.likelihood,
    nu: a.nu,
    saturation: a.saturation,
    adstock: a.adstock,
    roasPriors: a.roasPriors,
    effects: a.geoEffects,
    signal: ctx.signal,
    onProgress: chainProgress(ctx, "geo: ", run),
  });
  return geoAnswer(r);
}

/** The tool's answer: per channel the national figures with HDIs and each geo's ROAS mean (the full result is in analysis.geoBayesian). */
export function geoAnswer(r: GeoBayesianResult) {
  const round = (v: number) => Number(v.toPrecision(4));
  return {
    model: "geo",
    kpi: r.kpi,
    weeks: r.weeks,
    geos: r.geos.length,
    scaling: r.scaling,
    channels: r.channels.map((c) => ({
      name: c.name,
      spend: round(c.spend),
      contribution: { mean: round(c.contribution.mean), hdi94: c.contribution.hdi94.map(round) },
      roas: { mean: round(c.roas.mean), hdi94: c.roas.hdi94.map(round) },
      tau: round(c.tau.mean),
      roasByGeo: Object.fromEntries(c.geos.map((g) => [g.geo, round(g.roas.mean)])),
    })),
    sampler: r.sampler,
    warnings: r.warnings,
    report: "the report's 'Geo model' section shows these tables",
  };
}

/** Where the national KPI comes from in the geo fit: each part's share of the observed total (posterior means; they sum to 1). */
export function geoKpiShares(dec: GeoDecomposition) {
  const n = dec.national;
  const total = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);
  const share = (v: readonly number[]) => Number((total(v) / total(n.actual)).toPrecision(3));
  return {
    baseline: share(n.baseline),
    weekEffects: share(n.weekEffects),
    ...(n.controls.some((v) => v !== 0) ? { controls: share(n.controls) } : {}),
    channels: Object.fromEntries(Object.entries(n.channels).map(([c, v]) => [c, share(v)])),
    residual: share(n.residual),
  };
}
