/**
 * A forecast's inputs laid after the modelled weeks: the planned spend per channel, the controls,
 * the week dates, and the baseline regressors (trend, Fourier terms) those dates imply. Both
 * models read the same `Schedule`, so ridge and Bayesian forecasts of one plan see the same weeks.
 * Spend is appended to the observed spend, so the carry-over of the last observed weeks (adstock)
 * flows into the first forecast weeks.
 */
import { isoDate } from "../../data/dates";
import { MMMError } from "../../errors";
import type { MmmData } from "../mmmData";

/** What the analyst plans for the forecast weeks. */
export interface ForecastInput {
  /** Weekly spend per channel: one value a week, or one number for every week. A fitted channel left out spends its historical weekly average. */
  spend?: Record<string, number[] | number>;
  /** Weekly control values by name (one per week, or one for all); a control left out is held at its historical mean. */
  controls?: Record<string, number[] | number>;
  /** Week starts (ISO dates, weekly, after the last modelled week); default the weeks right after it. */
  dates?: string[];
  /** Number of weeks when every series is a single number (default: the longest series, else 13). */
  weeks?: number;
  /** The realised KPI of those weeks, when known: the forecast then reports MAPE and band coverage. */
  actual?: number[];
  /** Seed of the predictive noise (Bayesian forecasts; default 42). */
  seed?: number;
}

/** The forecast weeks, with the observed weeks before them. */
export interface Schedule {
  /** Observed weeks (n) then forecast weeks (h). */
  n: number;
  h: number;
  /** Epoch days of the forecast weeks. */
  days: Int32Array;
  /** Per channel (model order): observed spend followed by the planned spend, length n + h. */
  spend: Float64Array[];
  /** Per baseline regressor (model order): its raw value in each forecast week, length h. */
  base: Float64Array[];
  actual?: number[];
  warnings: string[];
}

const DAY = 86_400_000;

function series(name: string, v: number[] | number, h: number): Float64Array {
  if (typeof v === "number") return new Float64Array(h).fill(v);
  if (v.length !== h) throw new MMMError("INVALID_ARGUMENT", `'${name}' has ${v.length} weekly values for a ${h}-week forecast.`, "Give one value per forecast week (or a single number for every week).", { column: name });
  const bad = v.findIndex((x) => typeof x !== "number" || !Number.isFinite(x));
  if (bad >= 0) throw new MMMError("INVALID_ARGUMENT", `'${name}' has a non-numeric value in forecast week ${bad + 1}.`, "Give finite numbers.", { column: name, row: bad });
  return Float64Array.from(v);
}

function horizon(input: ForecastInput): number {
  const lengths = [...Object.values(input.spend ?? {}), ...Object.values(input.controls ?? {})].filter(Array.isArray).map((a) => a.length);
  const h = input.dates?.length ?? input.weeks ?? (lengths.length ? Math.max(...lengths) : 13);
  if (!Number.isInteger(h) || h < 1 || h > 520) throw new MMMError("INVALID_ARGUMENT", `A forecast of ${h} weeks is not possible.`, "Forecast between 1 and 520 weeks.", { value: h });
  return h;
}

/** Week starts: given (checked weekly and after the data), else the weeks after the last modelled week. */
function forecastDays(data: MmmData, h: number, dates?: string[]): Int32Array {
  const last = data.days[data.n - 1]!;
  if (!dates) return Int32Array.from({ length: h }, (_, k) => last + 7 * (k + 1));
  const days = Int32Array.from(dates, (d) => Math.round(Date.parse(`${d.slice(0, 10)}T00:00:00Z`) / DAY));
  days.forEach((d, k) => {
    const prev = k === 0 ? last : days[k - 1]!;
    if (!Number.isFinite(d) || d - prev !== 7) {
      throw new MMMError("INVALID_ARGUMENT", `Forecast date '${dates[k]}' is not the week after ${isoDate(prev)}.`, `Forecast weeks follow the last modelled week (${isoDate(last)}) one week apart; leave dates out to use those weeks.`, {
        value: dates[k],
      });
    }
  });
  return days;
}

/** Raw baseline regressors of the forecast weeks: controls as given (else their mean), trend and Fourier terms from the dates. */
function baseColumns(data: MmmData, days: Int32Array, controls: Record<string, number[] | number>, warnings: string[]): Float64Array[] {
  const h = days.length;
  const d0 = data.days[0]!;
  return data.base.names.map((name, b) => {
    const kind = data.base.kind[b];
    if (kind === "trend") return Float64Array.from(days, (d) => (d - d0) / 365.25);
    if (kind === "season") {
      const m = /^fourier_(sin|cos)_(\d+)$/.exec(name);
      const w = (2 * Math.PI * Number(m?.[2] ?? 1)) / 365.25;
      return Float64Array.from(days, (d) => (m?.[1] === "sin" ? Math.sin(w * d) : Math.cos(w * d)));
    }
    if (name in controls) return series(name, controls[name]!, h);
    const col = data.base.cols[b]!;
    const mean = col.reduce((a, v) => a + v, 0) / col.length;
    warnings.push(`Control '${name}' was not given for the forecast weeks: held at its historical mean (${mean.toPrecision(4)}).`);
    return new Float64Array(h).fill(mean);
  });
}

/**
 * Lay `input` after the modelled weeks of `data`.
 * @throws MMMError INVALID_ARGUMENT for an unknown channel or control, a wrong length, or dates that do not follow the data.
 */
export function buildSchedule(data: MmmData, input: ForecastInput): Schedule {
  const h = horizon(input);
  const names = data.channels.map((c) => c.name);
  const controlNames = data.base.names.filter((_, b) => data.base.kind[b] === "control");
  for (const k of Object.keys(input.spend ?? {})) {
    if (!names.includes(k)) throw new MMMError("INVALID_ARGUMENT", `'${k}' is not a channel of the model.`, `Channels: ${names.join(", ")}.`, { column: k });
  }
  for (const k of Object.keys(input.controls ?? {})) {
    if (!controlNames.includes(k)) throw new MMMError("INVALID_ARGUMENT", `'${k}' is not a control of the model.`, controlNames.length ? `Controls: ${controlNames.join(", ")}.` : "The model has no controls.", { column: k });
  }
  if (input.actual && input.actual.length !== h)
    throw new MMMError("INVALID_ARGUMENT", `actual has ${input.actual.length} values for a ${h}-week forecast.`, "Give the realised KPI of each forecast week, or leave actual out.", { value: input.actual.length });
  const warnings: string[] = [];
  const spend = data.channels.map((ch) => {
    const given = input.spend?.[ch.name];
    const planned = given === undefined ? new Float64Array(h).fill(ch.total / data.n) : series(ch.name, given, h);
    if (given === undefined) warnings.push(`No spend was given for '${ch.name}': it spends its historical weekly average (${(ch.total / data.n).toFixed(0)}).`);
    if (planned.some((v) => v < 0)) throw new MMMError("INVALID_ARGUMENT", `Planned spend of '${ch.name}' is negative.`, "Spend is zero or more.", { column: ch.name });
    const all = new Float64Array(data.n + h);
    all.set(ch.spend);
    all.set(planned, data.n);
    return all;
  });
  const days = forecastDays(data, h, input.dates);
  const base = baseColumns(data, days, input.controls ?? {}, warnings);
  return { n: data.n, h, days, spend, base, actual: input.actual, warnings };
}
