/**
 * The shared work of every media transform, after PyMC-Marketing's `components/base.py`:
 * a transform declares its lookup name and, per parameter, the valid domain, the search bounds,
 * a typical default and a default prior. This base class checks that declaration once at
 * construction (every parameter must have a prior, bounds inside the domain, …) and checks
 * parameter values on every call, with errors that name the transform and the parameter.
 */
import { MMMError, closestNames } from "../../errors";
import type { PriorSpec } from "./specs";

/** A closed search range `[lo, hi]` for one parameter (hyper-parameter search, grid starts). */
export type Bounds = readonly [lo: number, hi: number];

/** Parameter values by name, e.g. `{ K: 0.5, S: 2 }`. */
export type TransformParams = Readonly<Record<string, number>>;

/** Where a parameter is mathematically valid; an open end excludes its value. */
export interface Domain {
  readonly min: number;
  readonly max: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

/** Everything a transform declares about one parameter. */
export interface ParamDef {
  /** What the parameter means, used as the hint of errors. */
  readonly hint: string;
  readonly domain: Domain;
  /** Range for hyper-parameter search, inside `domain`. */
  readonly bounds: Bounds;
  /** A typical value inside `bounds` (search start, examples, contract tests). */
  readonly default: number;
  /** Default prior for the Bayesian model. */
  readonly prior: PriorSpec;
}

export type TransformKind = "adstock" | "saturation";

/** `(0, ∞)`: the domain of scales and shapes. */
export const POSITIVE: Domain = { min: 0, max: Infinity, minOpen: true, maxOpen: true };

const LOOKUP_NAME = /^[a-z][a-z0-9_]*$/;
const PRIOR_PARAMS: Record<PriorSpec["dist"], readonly string[]> = {
  Beta: ["alpha", "beta"],
  Gamma: ["alpha", "beta"],
  HalfNormal: ["sigma"],
  Normal: ["mu", "sigma"],
  LogNormal: ["mu", "sigma"],
};

/**
 * What is wrong with a prior description, or `undefined` when it is valid (known distribution,
 * its parameters present and finite, scale and shape parameters positive).
 * @example priorProblem({ dist: "Gamma", alpha: 3, beta: 0 }); // "Gamma beta must be positive, got 0"
 */
export function priorProblem(prior: unknown): string | undefined {
  if (typeof prior !== "object" || prior === null) return "the prior is not an object";
  const p = prior as Record<string, unknown>;
  const names = PRIOR_PARAMS[p["dist"] as PriorSpec["dist"]];
  if (!names) return `unknown distribution "${String(p["dist"])}" (use ${Object.keys(PRIOR_PARAMS).join(", ")})`;
  for (const name of names) {
    const v = p[name];
    if (typeof v !== "number" || !Number.isFinite(v)) return `${String(p["dist"])} ${name} must be a finite number, got ${String(v)}`;
    if (name !== "mu" && !(v > 0)) return `${String(p["dist"])} ${name} must be positive, got ${v}`;
  }
  return undefined;
}

/** `[0, 1)`-style text of a domain. */
export function formatDomain(d: Domain): string {
  const hi = d.max === Infinity ? "∞" : String(d.max);
  return `${d.minOpen ? "(" : "["}${d.min}, ${hi}${d.maxOpen || d.max === Infinity ? ")" : "]"}`;
}

function inDomain(v: number, d: Domain): boolean {
  if (!Number.isFinite(v)) return false;
  const aboveMin = d.minOpen ? v > d.min : v >= d.min;
  const belowMax = d.maxOpen ? v < d.max : v <= d.max;
  return aboveMin && belowMax;
}

/** Base of adstock and saturation transforms: declared parameters, checked once and on every call. */
export abstract class Transform {
  readonly kind: TransformKind;
  readonly lookupName: string;
  readonly paramNames: readonly string[];
  readonly paramDefs: Readonly<Record<string, ParamDef>>;
  /** Search range of each parameter. */
  readonly bounds: Readonly<Record<string, Bounds>>;
  /** Default prior of each parameter (PyMC-Marketing's defaults where it has the transform). */
  readonly defaultPriors: Readonly<Record<string, PriorSpec>>;
  /** A typical value of each parameter. */
  readonly defaults: TransformParams;

  protected constructor(kind: TransformKind, lookupName: string, params: Record<string, ParamDef>) {
    this.kind = kind;
    this.lookupName = lookupName;
    if (typeof lookupName !== "string" || !LOOKUP_NAME.test(lookupName)) {
      this.fail(`has an invalid lookup name.`, "Use lower-case snake_case, e.g. hill or weibull_cdf.", lookupName);
    }
    this.paramNames = Object.freeze(Object.keys(params));
    for (const name of this.paramNames) this.checkDef(name, params[name]!);
    const pick = <T>(f: (d: ParamDef) => T): Readonly<Record<string, T>> => Object.freeze(Object.fromEntries(this.paramNames.map((n) => [n, f(params[n]!)])));
    this.paramDefs = pick((d) => d);
    this.bounds = pick((d) => Object.freeze([d.bounds[0], d.bounds[1]] as const));
    this.defaultPriors = pick((d) => Object.freeze({ ...d.prior }));
    this.defaults = pick((d) => d.default);
  }

  /** `adstock "geometric"`: how errors name this transform. */
  get label(): string {
    return `${this.kind === "adstock" ? "Adstock" : "Saturation"} "${this.lookupName}"`;
  }

  /**
   * Checks parameter values: every declared parameter present, a finite number inside its domain,
   * and nothing else. Returns a plain copy in declaration order.
   * @throws MMMError INVALID_ARGUMENT naming the transform and the parameter.
   */
  checkParams(params: unknown): TransformParams {
    if (typeof params !== "object" || params === null) this.fail(`parameters must be an object, got ${String(params)}.`, `Give ${this.paramNames.join(", ")}.`, params);
    const given = params as Record<string, unknown>;
    for (const key of Object.keys(given)) {
      if (!this.paramNames.includes(key)) {
        const near = closestNames(key, this.paramNames);
        const hint = near.length ? `Did you mean ${near.join(" or ")}?` : `Its parameters are ${this.paramNames.join(", ") || "none"}.`;
        this.fail(`has no parameter "${key}".`, hint, key);
      }
    }
    const out: Record<string, number> = {};
    for (const name of this.paramNames) {
      const def = this.paramDefs[name]!;
      const v = given[name];
      if (v === undefined) this.fail(`parameter ${name} is missing.`, def.hint);
      if (typeof v !== "number" || !inDomain(v, def.domain)) {
        this.fail(`parameter ${name} = ${String(v)} is outside its valid range ${formatDomain(def.domain)}.`, def.hint, v);
      }
      out[name] = v;
    }
    return out;
  }

  protected fail(what: string, hint: string, value?: unknown): never {
    throw new MMMError("INVALID_ARGUMENT", `${this.label} ${what}`, hint, value === undefined ? {} : { value });
  }

  private checkDef(name: string, def: ParamDef): void {
    const where = `declares parameter ${name}`;
    if (typeof def !== "object" || def === null) this.fail(`${where} without a definition.`, "Give hint, domain, bounds, default and prior.");
    const problem = def.prior === undefined ? "no prior" : priorProblem(def.prior);
    if (problem) this.fail(`${where} with ${problem === "no prior" ? problem : `an invalid prior: ${problem}`}.`, 'Every parameter needs a prior, e.g. { dist: "Gamma", alpha: 3, beta: 1 }.', def.prior);
    const d = def.domain;
    const nonEmpty = d && (d.min < d.max || (d.min === d.max && !d.minOpen && !d.maxOpen));
    if (!nonEmpty) this.fail(`${where} with an empty domain.`, "Give { min, max } with min < max (or min = max, both closed).", d);
    const [lo, hi] = def.bounds ?? [NaN, NaN];
    if (!(lo <= hi) || !inDomain(lo, d) || !inDomain(hi, d)) {
      this.fail(`${where} with bounds [${lo}, ${hi}] outside its domain ${formatDomain(d)}.`, "Search bounds must be finite, ordered and valid values.", def.bounds);
    }
    if (!(def.default >= lo && def.default <= hi)) {
      this.fail(`${where} with default ${def.default} outside its bounds [${lo}, ${hi}].`, "Pick a typical value inside the search bounds.", def.default);
    }
  }
}
