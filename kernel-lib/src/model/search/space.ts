/**
 * The searched hyper-parameters of each channel and the map from the unit box to them. By
 * default the family is geometric decay + Hill half-saturation K and slope S (Robyn's search
 * space, on inputs scaled by the channel's max spend); any registered adstock and saturation can
 * be searched instead (`family`), over the search bounds each transform declares.
 */
import { DEFAULT_MEDIA, type MediaParams } from "../media";
import { getAdstock, getSaturation } from "../transforms/registry";

/** Ranges of the default family (geometric alpha, Hill K and S) and the adstock window. */
export interface SearchBounds {
  alpha: [number, number];
  K: [number, number];
  S: [number, number];
  lMax: number;
}

export const DEFAULT_BOUNDS: SearchBounds = { alpha: [0, 0.9], K: [0.05, 1.2], S: [0.5, 4], lMax: 8 };

/** Which registered transforms the search explores. */
export interface SearchFamily {
  adstock: string;
  saturation: string;
}

export const DEFAULT_FAMILY: Readonly<SearchFamily> = Object.freeze({ adstock: "geometric", saturation: "hill" });

/** One searched parameter: which transform it belongs to, its name and range. */
interface SearchedParam {
  part: "adstock" | "saturation";
  name: string;
  range: readonly [number, number];
}

/** The per-channel search space (plain data: it travels to the scoring workers). */
export interface SearchSpace {
  family: SearchFamily;
  lMax: number;
  params: SearchedParam[];
  /** Unit-box coordinates per channel. */
  perChannel: number;
}

/** The default family's ranges come from `bounds` (compatible with earlier searches). */
function rangeOf(part: "adstock" | "saturation", type: string, name: string, declared: readonly [number, number], b: SearchBounds): readonly [number, number] {
  if (part === "adstock" && type === "geometric" && name === "alpha") return b.alpha;
  if (part === "saturation" && type === "hill" && (name === "K" || name === "S")) return b[name];
  return declared;
}

/**
 * The search space of a family: each transform's declared parameters over its search bounds.
 * @throws MMMError INVALID_ARGUMENT for an unregistered transform.
 * @example searchSpace(DEFAULT_BOUNDS).perChannel; // 3 (alpha, K, S)
 */
export function searchSpace(b: SearchBounds, family: SearchFamily = DEFAULT_FAMILY): SearchSpace {
  const a = getAdstock(family.adstock, { lMax: b.lMax, normalize: true });
  const s = getSaturation(family.saturation);
  const params: SearchedParam[] = [
    ...a.paramNames.map((name) => ({ part: "adstock" as const, name, range: rangeOf("adstock", a.lookupName, name, a.bounds[name]!, b) })),
    ...s.paramNames.map((name) => ({ part: "saturation" as const, name, range: rangeOf("saturation", s.lookupName, name, s.bounds[name]!, b) })),
  ];
  return { family: { adstock: a.lookupName, saturation: s.lookupName }, lMax: b.lMax, params, perChannel: params.length };
}

const lerp = ([lo, hi]: readonly [number, number], u: number) => lo + (hi - lo) * u;
const unlerp = ([lo, hi]: readonly [number, number], v: number) => (hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0);

/** Unit-box coordinates (`perChannel` from `offset`) → media parameters (the search's hot path: plain loops). */
export function decode(u: Float64Array, offset: number, space: SearchSpace): MediaParams {
  const adstock: Record<string, number | boolean> = {};
  const saturation: Record<string, number> = {};
  const ps = space.params;
  for (let j = 0; j < ps.length; j++) {
    const p = ps[j]!;
    const v = lerp(p.range, u[offset + j]!);
    if (p.part === "adstock") adstock[p.name] = v;
    else saturation[p.name] = v;
  }
  adstock["lMax"] = space.lMax;
  adstock["normalize"] = true;
  return { adstock: { type: space.family.adstock, params: adstock }, saturation: { type: space.family.saturation, params: saturation } };
}

/**
 * Media parameters → unit-box coordinates. A part of another type than the family's starts from
 * the default media's values for that type (geometric alpha 0.4, Hill K 0.5, S 1.5) or else the
 * transform's declared defaults.
 */
export function encode(p: MediaParams, space: SearchSpace): number[] {
  const values = (part: "adstock" | "saturation"): Record<string, unknown> => {
    const type = space.family[part];
    if (p[part].type === type) return p[part].params;
    if (DEFAULT_MEDIA[part].type === type) return DEFAULT_MEDIA[part].params;
    return part === "adstock" ? getAdstock(type).defaults : getSaturation(type).defaults;
  };
  const given = { adstock: values("adstock"), saturation: values("saturation") };
  return space.params.map((q) => unlerp(q.range, Number(given[q.part][q.name])));
}
