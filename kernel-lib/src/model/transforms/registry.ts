/**
 * Transforms by lookup name, as in PyMC-Marketing's `ADSTOCK_TRANSFORMATIONS` /
 * `SATURATION_TRANSFORMATIONS`: the built-ins are registered explicitly below, custom ones with
 * `registerAdstock` / `registerSaturation`. Specs (`{ type, params }`) are read and applied here.
 */
import { MMMError, closestNames } from "../../errors";
import { AdstockTransform, DelayedAdstock, GeometricAdstock, WeibullCdfAdstock, WeibullPdfAdstock, type AdstockOptions } from "./adstock";
import type { TransformKind, TransformParams } from "./base";
import { HillSaturation, LogisticSaturation, MichaelisMentenSaturation, SaturationTransform } from "./saturation";
import type { AdstockSpec, AdstockSpecLike, SaturationSpec, SaturationSpecLike } from "./specs";

/** A concrete adstock class (its constructor takes `{ lMax, normalize }`). */
export type AdstockClass = new (options?: Partial<AdstockOptions>) => AdstockTransform;
/** A concrete saturation class. */
export type SaturationClass = new () => SaturationTransform;

const adstocks = new Map<string, AdstockClass>();
const saturations = new Map<string, SaturationTransform>();

function invalid(what: string, hint: string, value?: unknown): never {
  throw new MMMError("INVALID_ARGUMENT", what, hint, value === undefined ? {} : { value });
}

function unknown(kind: string, name: unknown, known: readonly string[]): never {
  const near = typeof name === "string" ? closestNames(name, known) : [];
  const suggestion = near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(" or ")}? ` : "";
  invalid(`Unknown ${kind} "${String(name)}".`, `${suggestion}Registered: ${known.join(", ")}.`, name);
}

function checkNew(kind: string, name: string, taken: boolean): void {
  if (taken) invalid(`The ${kind} "${name}" is already registered.`, "Give the custom transform another lookup name.", name);
}

/**
 * Adds an adstock class under its lookup name. Its declaration is checked by constructing it
 * with the default options. Returns the lookup name.
 * @throws MMMError INVALID_ARGUMENT for a duplicate name or an invalid declaration.
 * @example registerAdstock(MyAdstock); getAdstock("my_adstock", { lMax: 4 });
 */
export function registerAdstock(cls: AdstockClass): string {
  const instance = new cls();
  if (!(instance instanceof AdstockTransform)) invalid("registerAdstock needs a subclass of AdstockTransform.", "Extend AdstockTransform and declare lookup name, parameters and kernel.");
  checkNew("adstock", instance.lookupName, adstocks.has(instance.lookupName));
  adstocks.set(instance.lookupName, cls);
  return instance.lookupName;
}

/**
 * Adds a saturation class under its lookup name (constructed once to check it). Returns the name.
 * @throws MMMError INVALID_ARGUMENT for a duplicate name or an invalid declaration.
 */
export function registerSaturation(cls: SaturationClass): string {
  const instance = new cls();
  if (!(instance instanceof SaturationTransform)) invalid("registerSaturation needs a subclass of SaturationTransform.", "Extend SaturationTransform and declare lookup name, parameters, curve and slope.");
  checkNew("saturation", instance.lookupName, saturations.has(instance.lookupName));
  saturations.set(instance.lookupName, instance);
  return instance.lookupName;
}

/** Lookup names of the registered adstocks, in registration order. */
export function adstockNames(): string[] {
  return [...adstocks.keys()];
}

/** Lookup names of the registered saturations, in registration order. */
export function saturationNames(): string[] {
  return [...saturations.keys()];
}

/**
 * A new adstock of that name with the given `lMax` / `normalize` (defaults 8 and true).
 * @example getAdstock("geometric", { lMax: 4, normalize: false }).apply([1, 1, 1], { alpha: 0.5 }); // [1, 1.5, 1.75]
 */
export function getAdstock(name: AdstockSpec["type"], options?: Partial<AdstockOptions>): AdstockTransform<AdstockSpec>;
export function getAdstock(name: string, options?: Partial<AdstockOptions>): AdstockTransform;
export function getAdstock(name: string, options?: Partial<AdstockOptions>): AdstockTransform {
  const cls = adstocks.get(name) ?? unknown("adstock", name, adstockNames());
  return new cls(options);
}

/**
 * The saturation of that name (transforms are stateless, so one shared instance).
 * @example getSaturation("hill").apply([1], { K: 0.5, S: 2 }); // [0.8]
 */
export function getSaturation(name: SaturationSpec["type"]): SaturationTransform<SaturationSpec>;
export function getSaturation(name: string): SaturationTransform;
export function getSaturation(name: string): SaturationTransform {
  return saturations.get(name) ?? unknown("saturation", name, saturationNames());
}

function checkSpec(kind: string, spec: unknown): asserts spec is { type: string; params: Record<string, unknown> } {
  const s = spec as { type?: unknown; params?: unknown } | null;
  if (typeof s !== "object" || s === null || typeof s.type !== "string" || typeof s.params !== "object" || s.params === null) {
    invalid(`A ${kind} spec must be { type, params }, got ${JSON.stringify(spec)}.`, `e.g. ${kind === "adstock" ? '{ type: "geometric", params: { alpha: 0.5 } }' : '{ type: "hill", params: { K: 0.5, S: 2 } }'}.`, spec);
  }
}

/** The configured adstock and its parameter values described by a spec (inverse of `toSpec`). */
export function adstockFromSpec(spec: AdstockSpec): { transform: AdstockTransform<AdstockSpec>; params: TransformParams };
export function adstockFromSpec(spec: AdstockSpecLike): { transform: AdstockTransform; params: TransformParams };
export function adstockFromSpec(spec: AdstockSpecLike): { transform: AdstockTransform; params: TransformParams } {
  checkSpec("adstock", spec);
  const { lMax, normalize } = spec.params;
  const transform = getAdstock(spec.type, { lMax, normalize });
  return { transform, params: transform.paramsFromSpec(spec) };
}

/** The saturation and its parameter values described by a spec (inverse of `toSpec`). */
export function saturationFromSpec(spec: SaturationSpec): { transform: SaturationTransform<SaturationSpec>; params: TransformParams };
export function saturationFromSpec(spec: SaturationSpecLike): { transform: SaturationTransform; params: TransformParams };
export function saturationFromSpec(spec: SaturationSpecLike): { transform: SaturationTransform; params: TransformParams } {
  checkSpec("saturation", spec);
  const transform = getSaturation(spec.type);
  return { transform, params: transform.paramsFromSpec(spec) };
}

/**
 * Adstocks a series as the spec says (`lMax` 8 and `normalize` true when not given).
 * @example applyAdstockSpec([1, 0, 0], { type: "delayed", params: { alpha: 0.5, theta: 1, lMax: 3, normalize: false } }); // [0.5, 1, 0.5]
 */
export function applyAdstockSpec(x: ArrayLike<number>, spec: AdstockSpecLike): Float64Array {
  const { transform, params } = adstockFromSpec(spec);
  return transform.apply(x, params);
}

/**
 * Saturates a series as the spec says.
 * @example applySaturationSpec([1], { type: "michaelis_menten", params: { lam: 1 } }); // [0.5]
 */
export function applySaturationSpec(x: ArrayLike<number>, spec: SaturationSpecLike): Float64Array {
  const { transform, params } = saturationFromSpec(spec);
  return transform.apply(x, params);
}

for (const cls of [GeometricAdstock, DelayedAdstock, WeibullCdfAdstock, WeibullPdfAdstock]) registerAdstock(cls);
for (const cls of [HillSaturation, LogisticSaturation, MichaelisMentenSaturation]) registerSaturation(cls);
const BUILT_IN: Record<TransformKind, ReadonlySet<string>> = { adstock: new Set(adstocks.keys()), saturation: new Set(saturations.keys()) };

/**
 * True for the transforms this module registers itself. Custom ones exist only in the thread that
 * registered them: the Bayesian fit samples in-process when a channel uses one (worker threads
 * load this module afresh and would not know it).
 * @example isBuiltinTransform("saturation", "hill"); // true
 */
export function isBuiltinTransform(kind: TransformKind, name: string): boolean {
  return BUILT_IN[kind].has(name);
}
