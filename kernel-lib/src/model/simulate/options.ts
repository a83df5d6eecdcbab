/**
 * Defaults and validation for `simulateMMM`: every mistake is reported before anything is drawn.
 */
import { MMMError, closestNames } from "../../errors";
import { adstockFromSpec, saturationFromSpec } from "../transforms/registry";
import type { AdstockSpecLike, SaturationSpecLike } from "../transforms/specs";
import type { ChannelSpec, ConfounderSpec, ControlSpec, EventsSpec, ResolvedSimulateOptions, SimulateOptions } from "./types";

/**
 * The four default channels; at the default baseline their true ROAS is about tv 1.8, search 2.9,
 * social 1.3, display 0.8 (varying a little with the seed).
 * @example simulateMMM({ channels: DEFAULT_CHANNELS.slice(0, 2) }); // tv and search only
 */
export const DEFAULT_CHANNELS: readonly ChannelSpec[] = [
  {
    name: "tv",
    spend: { mean: 30_000, variability: 0.25, onProbability: 0.65, flightWeeks: 5, seasonalAmplitude: 0.3, peakWeek: 47 },
    adstock: { type: "geometric", params: { alpha: 0.6, lMax: 8, normalize: true } },
    saturation: { type: "hill", params: { K: 0.5, S: 2 } },
    beta: 120_000,
    cpm: 12,
  },
  {
    name: "search",
    spend: { mean: 15_000, variability: 0.2, seasonalAmplitude: 0.2, peakWeek: 48 },
    adstock: { type: "geometric", params: { alpha: 0.2, lMax: 4, normalize: true } },
    saturation: { type: "logistic", params: { lam: 2.5 } },
    beta: 75_000,
    cpm: 3,
  },
  {
    name: "social",
    spend: { mean: 10_000, variability: 0.35, onProbability: 0.9, flightWeeks: 8 },
    adstock: { type: "delayed", params: { alpha: 0.5, theta: 1, lMax: 6, normalize: true } },
    saturation: { type: "hill", params: { K: 0.4, S: 1.2 } },
    beta: 25_000,
    cpm: 7,
  },
  {
    name: "display",
    spend: { mean: 6_000, variability: 0.3, onProbability: 0.8, flightWeeks: 4 },
    adstock: { type: "weibull_cdf", params: { lambda: 2, k: 1.5, lMax: 6, normalize: true } },
    saturation: { type: "michaelis_menten", params: { lam: 0.4 } },
    beta: 8_000,
    cpm: 4,
  },
];

function bad(what: string, hint: string, value?: unknown): never {
  throw new MMMError("INVALID_ARGUMENT", what, hint, { value });
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const DEFAULT_LMAX = 8;

function checkNumber(label: string, v: number, lo: number, hi: number, hint: string): number {
  if (!(Number.isFinite(v) && v >= lo && v <= hi)) bad(`${label} is ${String(v)}, outside [${lo}, ${hi}].`, hint, v);
  return v;
}

/** Checked through the registry (any registered adstock), with lMax and normalize written out. */
function resolveAdstock(a: AdstockSpecLike): AdstockSpecLike {
  const params = { ...a.params, lMax: a.params?.lMax ?? DEFAULT_LMAX, normalize: a.params?.normalize ?? true };
  adstockFromSpec({ type: a.type, params });
  return { type: a.type, params };
}

/** Checked through the registry (any registered saturation). */
function resolveSaturation(s: SaturationSpecLike): SaturationSpecLike {
  saturationFromSpec(s);
  return { type: s.type, params: { ...s.params } };
}

function resolveChannel(c: ChannelSpec): ResolvedSimulateOptions["channels"][number] {
  if (typeof c.name !== "string" || !NAME.test(c.name)) {
    bad(`Channel name "${String(c.name)}" is not a valid column stem.`, "Use letters, digits and underscores, starting with a letter (e.g. tv, paid_search).", c.name);
  }
  const s = c.spend ?? bad(`Channel "${c.name}" has no spend settings.`, "Give spend: { mean: <weekly spend> }.");
  const where = `Channel "${c.name}"`;
  const spend = {
    mean: checkNumber(`${where} spend.mean`, s.mean, 1e-9, Number.MAX_VALUE, "Give the average weekly spend of an on-air week, e.g. 10000."),
    variability: checkNumber(`${where} spend.variability`, s.variability ?? 0.25, 0, 5, "It is a coefficient of variation, e.g. 0.25."),
    onProbability: checkNumber(`${where} spend.onProbability`, s.onProbability ?? 1, 1e-9, 1, "It is the share of weeks on air, in (0, 1]."),
    flightWeeks: checkNumber(`${where} spend.flightWeeks`, s.flightWeeks ?? 4, 1, 520, "It is the mean burst length in weeks, >= 1."),
    seasonalAmplitude: checkNumber(`${where} spend.seasonalAmplitude`, s.seasonalAmplitude ?? 0, 0, 0.999, "Use a relative amplitude in [0, 1)."),
    peakWeek: checkNumber(`${where} spend.peakWeek`, s.peakWeek ?? 47, 0, 53, "Use a week of the year, 1-53."),
  };
  return {
    name: c.name,
    spend,
    adstock: resolveAdstock(c.adstock ?? bad(`${where} has no adstock.`, 'Give e.g. adstock: { type: "geometric", params: { alpha: 0.5 } }.')),
    saturation: resolveSaturation(c.saturation ?? bad(`${where} has no saturation.`, 'Give e.g. saturation: { type: "hill", params: { K: 0.5, S: 2 } }.')),
    beta: checkNumber(`${where} beta`, c.beta, 0, Number.MAX_VALUE, "beta is the weekly KPI effect at full saturation, >= 0."),
    cpm: checkNumber(`${where} cpm`, c.cpm ?? 10, 1e-9, Number.MAX_VALUE, "cpm is the cost per thousand impressions, > 0."),
    ...(c.organic === true ? { organic: true as const } : {}),
    ...(c.rf ? { rf: { population: checkNumber(`${where} rf.population`, c.rf.population, 1, Number.MAX_VALUE, "population is the number of people the channel can reach, e.g. 1e6.") } } : {}),
  };
}

function parseMonday(start: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== start) {
    bad(`Start date "${start}" is not a valid YYYY-MM-DD date.`, 'Use an ISO date such as "2021-01-04".', start);
  }
  if (d.getUTCDay() !== 1) bad(`Start date ${start} is not a Monday.`, "Weeks start on Monday (W-MON); e.g. use 2021-01-04.", start);
  return start;
}

function resolveGeos(geos: SimulateOptions["geos"], sizes: number[] | undefined): { geos: string[]; geoSizes: number[] } {
  let names: string[] = [];
  if (typeof geos === "number") {
    if (!Number.isInteger(geos) || geos < 1 || geos > 1000) bad(`geos ${geos} is not a whole number of geos.`, "Use an integer from 1 to 1000, or a list of names.", geos);
    names = Array.from({ length: geos }, (_, i) => `geo_${i + 1}`);
  } else if (Array.isArray(geos) && geos.length > 0) {
    if (new Set(geos).size !== geos.length || geos.some((g) => typeof g !== "string" || g === "")) {
      bad("geos must be distinct non-empty names.", 'e.g. geos: ["north", "south"].', geos);
    }
    names = [...geos];
  }
  const n = Math.max(1, names.length);
  if (sizes !== undefined && (sizes.length !== n || sizes.some((s) => !(s > 0 && Number.isFinite(s))))) {
    bad(`geoSizes must hold ${n} positive numbers (one per geo).`, "Give relative sizes, e.g. [1.5, 1, 0.5].", sizes);
  }
  // Decreasing (Zipf-like) sizes so geos differ, rescaled to mean 1.
  const raw = sizes ?? Array.from({ length: n }, (_, i) => (i + 1) ** -0.7);
  const mean = raw.reduce((a, b) => a + b, 0) / n;
  return { geos: names, geoSizes: raw.map((s) => s / mean) };
}

type Resolved = ResolvedSimulateOptions;

function defaultControls(baseline: number): ControlSpec[] {
  return [
    // A price elasticity of about -1.5 around an index of 1.
    { name: "price_index", kind: "price", mean: 1, sd: 0.03, coef: -1.5 * baseline },
    { name: "competitor_sales", kind: "competitor", mean: 0.5 * baseline, sd: 0.1, coef: -0.2 },
  ];
}

function resolveControls(controls: ControlSpec[], taken: Set<string>): Resolved["controls"] {
  return controls.map((c) => {
    if (typeof c.name !== "string" || !NAME.test(c.name) || taken.has(c.name)) {
      bad(`Control name "${String(c.name)}" is invalid or already used.`, "Use a unique column name of letters, digits and underscores.", c.name);
    }
    taken.add(c.name);
    const kind = c.kind ?? "normal";
    if (!["price", "competitor", "normal", "random_walk"].includes(kind)) {
      bad(`Control "${c.name}" has unknown kind "${kind}".`, 'Use "price", "competitor", "normal" or "random_walk".', kind);
    }
    const where = `Control "${c.name}"`;
    return {
      name: c.name,
      kind,
      coef: checkNumber(`${where} coef`, c.coef, -Number.MAX_VALUE, Number.MAX_VALUE, "coef is KPI units per unit of the control."),
      mean: checkNumber(`${where} mean`, c.mean ?? (kind === "price" ? 1 : 0), -Number.MAX_VALUE, Number.MAX_VALUE, "Give the nominal level."),
      sd: checkNumber(`${where} sd`, c.sd ?? (kind === "price" ? 0.03 : 1), 0, Number.MAX_VALUE, "sd must be >= 0."),
    };
  });
}

function resolveConfounder(c: ConfounderSpec | null | undefined, channels: string[], taken: Set<string>): Resolved["confounder"] {
  if (!c) return null;
  if (!channels.includes(c.channel)) {
    const near = closestNames(String(c.channel), channels);
    bad(`Confounder channel "${String(c.channel)}" is not one of the channels.`, near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : `Use one of: ${channels.join(", ")}.`, c.channel);
  }
  const name = c.name ?? "demand_index";
  const observed = c.observed ?? false;
  if (observed && (!NAME.test(name) || taken.has(name))) bad(`Confounder column "${name}" is invalid or already used.`, "Give the confounder a unique name.", name);
  if (observed) taken.add(name);
  return {
    channel: c.channel,
    spendEffect: checkNumber("confounder.spendEffect", c.spendEffect ?? 0.4, -5, 5, "It is the log-spend change per sd of demand, e.g. 0.4."),
    kpiEffect: checkNumber("confounder.kpiEffect", c.kpiEffect ?? 0.06, -1, 1, "It is the KPI change per sd of demand relative to the baseline, e.g. 0.06."),
    rho: checkNumber("confounder.rho", c.rho ?? 0.85, 0, 0.999, "It is the week-to-week persistence of demand, in [0, 1)."),
    observed,
    name,
  };
}

function resolveEvents(e: SimulateOptions["events"], taken: Set<string>): Resolved["events"] {
  if (!e) return null;
  const spec: EventsSpec = e === true ? {} : e;
  const column = spec.column ?? "events";
  if (!NAME.test(column) || taken.has(column)) bad(`Events column "${column}" is invalid or already used.`, "Give the events column a unique name.", column);
  taken.add(column);
  return {
    column,
    promoProbability: checkNumber("events.promoProbability", spec.promoProbability ?? 0.06, 0, 1, "It is a probability per week."),
    promoLift: checkNumber("events.promoLift", spec.promoLift ?? 0.08, -1, 10, "It is relative to the baseline, e.g. 0.08."),
    holidayLift: checkNumber("events.holidayLift", spec.holidayLift ?? 0.15, -1, 10, "It is relative to the baseline, e.g. 0.15."),
  };
}

function resolveImpressions(imp: SimulateOptions["impressions"], channels: string[]): string[] {
  if (imp === undefined || imp === false) return [];
  if (imp === true) return [...channels];
  const unknown = imp.filter((n) => !channels.includes(n));
  if (unknown.length) bad(`impressions names unknown channel(s): ${unknown.join(", ")}.`, `Use channel names: ${channels.join(", ")}.`, unknown);
  return channels.filter((n) => imp.includes(n));
}

function resolveChannels(channels: ChannelSpec[], taken: Set<string>): Resolved["channels"] {
  if (!Array.isArray(channels) || channels.length === 0) bad("No channels to simulate.", "Give at least one channel, or omit channels for the defaults.");
  const out = channels.map(resolveChannel);
  if (out.every((c) => c.organic)) bad("Every channel is organic.", "Give at least one paid channel (organic: false or omitted).");
  for (const c of out) {
    for (const col of [`${c.name}_spend`, `${c.name}_impressions`, `${c.name}_activity`, `${c.name}_reach`, `${c.name}_frequency`]) {
      if (taken.has(col)) bad(`Channel "${c.name}" is defined twice or clashes with another column.`, "Give each channel a unique name.", c.name);
      taken.add(col);
    }
  }
  return out;
}

/**
 * Fills every default and validates everything, throwing `MMMError("INVALID_ARGUMENT")` with a hint.
 * @example
 * resolveSimulateOptions({ seed: 3 }).channels.map((c) => c.name); // ["tv", "search", "social", "display"]
 */
export function resolveSimulateOptions(opts: SimulateOptions = {}): ResolvedSimulateOptions {
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) bad(`Seed ${String(seed)} is not valid.`, "Use an integer between 0 and 4294967295.", seed);
  const weeks = opts.weeks ?? 156;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 5200) bad(`weeks ${String(weeks)} is not a whole number of weeks.`, "Use an integer from 1 to 5200 (104+ for MMM).", weeks);
  const kpi = opts.kpi ?? "revenue";
  if (!NAME.test(kpi)) bad(`KPI name "${kpi}" is not a valid column name.`, "Use letters, digits and underscores.", kpi);
  const taken = new Set<string>([kpi, "date", "geo"]);
  const baseline = checkNumber("baseline", opts.baseline ?? 200_000, 1e-9, Number.MAX_VALUE, "baseline is the weekly KPI intercept, > 0.");
  const channels = resolveChannels(opts.channels ?? structuredClone([...DEFAULT_CHANNELS]), taken);
  const names = channels.map((c) => c.name);
  const seasonality =
    opts.seasonality === false
      ? []
      : (opts.seasonality ?? [
          [0.06, 0.04],
          [0.02, -0.015],
        ]);
  if (!Array.isArray(seasonality) || seasonality.some((p) => !Array.isArray(p) || p.length !== 2 || !p.every(Number.isFinite))) {
    bad("seasonality must be a list of [sin, cos] pairs.", "e.g. seasonality: [[0.06, 0.04]] (relative to the baseline), or false.", opts.seasonality);
  }
  return {
    seed,
    weeks,
    start: parseMonday(opts.start ?? "2021-01-04"),
    ...resolveGeos(opts.geos, opts.geoSizes),
    kpi,
    baseline,
    trend: checkNumber("trend", opts.trend ?? 0.05, -1, 10, "trend is the yearly change relative to the baseline, e.g. 0.05."),
    seasonality: seasonality.map(([a, b]) => [a, b]),
    channels,
    controls: resolveControls(opts.controls ?? defaultControls(baseline), taken),
    confounder: resolveConfounder(opts.confounder, names, taken),
    events: resolveEvents(opts.events, taken),
    noise: checkNumber("noise", opts.noise ?? 0.04, 0, 10, "noise is the sd relative to the baseline, e.g. 0.04."),
    impressions: resolveImpressions(opts.impressions, names),
  };
}
