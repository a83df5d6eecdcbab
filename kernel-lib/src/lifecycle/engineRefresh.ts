/**
 * A refresh into an engine (`engine.refresh`): the new table is read with the model's date column,
 * the fits are refreshed (refresh.ts), and the engine then works on the refreshed weeks — its
 * working table becomes the modelled weekly columns of the whole span (national, controls as the
 * modelled columns), the refitted fits replace the saved ones (the one that was current stays
 * current) and the report is kept in the analysis. Nothing changes when a check fails.
 */
import type { LoadOptions } from "../data/load";
import { loadTable } from "../data/load";
import { pl, type Frame } from "../data/polars";
import type { DataSource } from "../data/sources";
import type { MmmData, MmmSpec } from "../model/mmmData";
import type { RefreshReport } from "../model/refresh/types";
import type { ModelTarget } from "./engineModel";
import { refreshFits, type RefreshOptions } from "./refresh";

/** Options of `engine.refresh`: the refresh's and how to read the new table. */
export type EngineRefreshOptions = RefreshOptions & LoadOptions;

/** The refreshed arrays as a weekly table: date, KPI, spend per channel, controls as modelled. */
export function modelledFrame(data: MmmData, spec: MmmSpec): Frame {
  const cols = [pl.Series(spec.dateCol, Array.from(data.days), pl.Int32).cast(pl.Date), pl.Series(spec.kpi, data.y, pl.Float64)];
  data.channels.forEach((c) => cols.push(pl.Series(c.name, c.spend, pl.Float64)));
  data.base.names.forEach((name, i) => data.base.kind[i] === "control" && cols.push(pl.Series(name, data.base.cols[i]!, pl.Float64)));
  return pl.DataFrame(cols);
}

/** Refresh the engine's fits with the weeks of `source`. */
export async function refreshEngineModel(engine: ModelTarget, source: DataSource, opts: EngineRefreshOptions = {}): Promise<RefreshReport> {
  const { warmStart, warmup, draws, chains, seed, research, onProgress, ...loadOpts } = opts;
  const a = engine.analysis;
  const dateCol = (a.bayesian ?? a.ridge)?.spec?.dateCol;
  const { frame } = await loadTable(source, { dateCol, ...loadOpts });
  const r = await refreshFits({ ridge: a.ridge, bayesian: a.bayesian }, frame, { warmStart, warmup, draws, chains, seed, research, onProgress });
  const media = { ...a.media };
  const current = a.current?.kind;
  await engine.loadData(modelledFrame(r.data, r.spec), { kpiCol: r.spec.kpi, dateCol: r.spec.dateCol, channels: r.spec.channels, controls: r.spec.controls });
  a.restoreFits({}, media);
  if (r.ridge) a.recordRidge(r.ridge);
  if (r.bayesian) a.recordBayesian(r.bayesian);
  if (current && a[current]) a.use(current);
  a.refresh = r.report;
  return r.report;
}
