/**
 * Contract over EVERY registered transform (built-ins and the test's custom ones): the media column
 * is the same in every consumer — ridge design, search kernel, simulator, response curves and the
 * optimiser's marginals, the Bayesian density's series — and every declared analytic gradient
 * agrees with central finite differences. Registering a transform once makes it work everywhere.
 */
import { strict as assert } from "node:assert";
import { mediaResponse } from "../../../kernel-lib/src/model/simulate/series";
import type { ResolvedSimulateOptions } from "../../../kernel-lib/src/model/simulate/types";
import { adstockCoefficients, adstockInput } from "../../../kernel-lib/src/model/bayes/model/adstock";
import { channelAdstock } from "../../../kernel-lib/src/model/bayes/model/channelAdstock";
import { ChannelState } from "../../../kernel-lib/src/model/bayes/model/channelState";
import { saturationCurve } from "../../../kernel-lib/src/model/bayes/model/saturation";
import { FUSED_SERIES, generalSeries } from "../../../kernel-lib/src/model/bayes/model/series";
import { channelResponses } from "../../../kernel-lib/src/model/decomposition";
import type { MediaParams } from "../../../kernel-lib/src/model/media";
import type { MmmData } from "../../../kernel-lib/src/model/mmmData";
import { mediaColumns } from "../../../kernel-lib/src/model/ridge/design";
import { hasFusedPath, searchMediaInto } from "../../../kernel-lib/src/model/search/kernel";
import { adstockNames, getAdstock, getSaturation, saturationNames, type Transform, type TransformParams } from "../../../kernel-lib/src/model/transforms/index";
import "../../helpers/customTransforms";

const N = 60;
/** Flighted spend with dark weeks, so the adstock's start-up and zero inputs are exercised. */
const SPEND = Float64Array.from({ length: N }, (_, t) => (t % 9 < 2 ? 0 : 1000 + 700 * Math.sin(t / 3) + 37 * ((t * 13) % 11)));
const SCALE = Math.max(...SPEND);

function near(a: number, b: number, rel: number, what: string): void {
  assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}

function sameSeries(a: ArrayLike<number>, b: ArrayLike<number>, rel: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let t = 0; t < b.length; t++) near(a[t]!, b[t]!, rel, `${what} week ${t}`);
}

/** The same channel as an MmmData with one channel (what ridge design and curves read). */
function channelData(spend: Float64Array): MmmData {
  const total = spend.reduce((a, b) => a + b, 0);
  return { n: spend.length, channels: [{ name: "ch", spend, scale: SCALE, total }] } as unknown as MmmData;
}

/** Defaults and the centre of the search bounds. */
function paramSets(t: Transform): TransformParams[] {
  const mid = Object.fromEntries(t.paramNames.map((n) => [n, (t.bounds[n]![0] + t.bounds[n]![1]) / 2]));
  return [t.defaults, mid];
}

/** Reference column straight from the classes: saturation(adstock(spend / scale)). */
function reference(p: MediaParams): Float64Array {
  const a = getAdstock(p.adstock.type, { lMax: p.adstock.params.lMax, normalize: p.adstock.params.normalize });
  const s = getSaturation(p.saturation.type);
  const { lMax: _l, normalize: _n, ...ap } = p.adstock.params;
  return s.apply(
    a.apply(
      SPEND.map((v) => v / SCALE),
      ap as TransformParams,
    ),
    p.saturation.params,
  );
}

/** Every (adstock, saturation) pair at each parameter set, geometric also unnormalised. */
function mediaCases(): { label: string; params: MediaParams }[] {
  const out: { label: string; params: MediaParams }[] = [];
  for (const a of adstockNames()) {
    for (const normalize of a === "geometric" ? [true, false] : [true]) {
      const at = getAdstock(a, { lMax: 8, normalize });
      for (const s of saturationNames()) {
        const st = getSaturation(s);
        paramSets(at).forEach((ap, i) => {
          const sp = paramSets(st)[i]!;
          out.push({ label: `${a}${normalize ? "" : " (raw)"} + ${s} #${i}`, params: { adstock: { type: a, params: { ...ap, lMax: 8, normalize } }, saturation: { type: s, params: { ...sp } } } });
        });
      }
    }
  }
  return out;
}

describe("contract: every registered transform in every consumer", () => {
  it("includes the test's custom transforms (registered through the public API)", () => {
    assert.ok(saturationNames().includes("tanh") && saturationNames().includes("exp_nograd"));
  });

  for (const { label, params } of mediaCases()) {
    it(`${label}: ridge design, search kernel, simulator, curves and optimiser marginals agree`, () => {
      const ref = reference(params);
      const data = channelData(SPEND);
      sameSeries(mediaColumns(data, [params])[0]!, ref, 1e-13, "ridge design");
      sameSeries(searchMediaInto(SPEND, SCALE, params, new Float64Array(N)), ref, hasFusedPath(params) ? 1e-12 : 1e-13, "search kernel");
      const ch = { ...params } as unknown as ResolvedSimulateOptions["channels"][number];
      sameSeries(mediaResponse(SPEND, ch, 1), ref, 1e-13, "simulator");
      // Curves: a constant weekly spend s settles (after lMax weeks) where the curve says.
      const [curve] = channelResponses({ data, media: [params], features: [ref], coef: Float64Array.of(1), intercept: 0 });
      for (const s of [0.2 * SCALE, 0.6 * SCALE, 1.1 * SCALE]) {
        const flat = new Float64Array(N).fill(s);
        const settled = mediaColumns(channelData(flat), [params])[0]![N - 1]!;
        near(curve!.response(s), settled, 1e-12, `curve at ${s}`);
        const h = 1e-5 * SCALE;
        const fd = (curve!.response(s + h) - curve!.response(s - h)) / (2 * h);
        near(curve!.marginal(s) * SCALE, fd * SCALE, 1e-6, `marginal at ${s}`);
      }
    });
  }

  for (const name of saturationNames()) {
    const t = getSaturation(name);
    it(`saturation ${name}: scalar value/slope equal apply/derivative${t.hasGradient ? "; analytic gradient = central differences" : " (no gradient declared)"}`, () => {
      const xs = [0.03, 0.2, 0.5, 1, 1.7];
      for (const p of paramSets(t)) {
        const values = t.apply(xs, p);
        const slopes = t.derivative(xs, p);
        xs.forEach((x, i) => {
          near(t.valueAt(x, p), values[i]!, 1e-14, `${name} value at ${x}`);
          near(t.slopeAt(x, p), slopes[i]!, 1e-12, `${name} slope at ${x}`);
        });
        if (!t.hasGradient) continue;
        const out = new Float64Array(2 + t.paramNames.length);
        for (const x of xs) {
          t.gradient!(x, p, out);
          near(out[0]!, t.valueAt(x, p), 1e-14, `${name} gradient value at ${x}`);
          near(out[1]!, t.slopeAt(x, p), 1e-12, `${name} gradient ∂/∂x at ${x}`);
          t.paramNames.forEach((n, j) => {
            const h = 1e-6 * Math.max(1, p[n]!);
            const fd = (t.valueAt(x, { ...p, [n]: p[n]! + h }) - t.valueAt(x, { ...p, [n]: p[n]! - h })) / (2 * h);
            near(out[2 + j]!, fd, 1e-6, `${name} ∂f/∂${n} at ${x}`);
          });
        }
      }
    });
  }

  for (const name of adstockNames()) {
    const t = getAdstock(name);
    if (!t.hasGradient) continue;
    it(`adstock ${name}: analytic weight gradient = central differences`, () => {
      for (const normalize of [true, false]) {
        const a = getAdstock(name, { lMax: 8, normalize });
        for (const p of paramSets(a)) {
          const w = new Float64Array(8);
          const dw = a.paramNames.map(() => new Float64Array(8));
          a.weightsGradient!(p, w, dw);
          sameSeries(w, a.weights(p), 1e-14, `${name} weights`);
          a.paramNames.forEach((n, j) => {
            const h = 1e-6;
            const up = a.weights({ ...p, [n]: p[n]! + h }),
              down = a.weights({ ...p, [n]: p[n]! - h });
            sameSeries(
              dw[j]!,
              Array.from(up, (u, i) => (u - down[i]!) / (2 * h)),
              1e-6,
              `${name} ∂w/∂${n}`,
            );
          });
        }
      }
    });
  }
});

describe("contract: the Bayesian density's series for every saturation with a gradient", () => {
  const x = SPEND.map((v) => v / SCALE);
  const input = adstockInput(x, 8);

  /** h, ∂h/∂α and ∂h/∂θ per week through the density's kernel for `name` (fused if it has one). */
  function run(name: string, alpha: number, theta: Float64Array, kernel = saturationCurve(name, "ch").series) {
    const curve = saturationCurve(name, "ch");
    const st = new ChannelState(N, curve.k);
    const w = new Float64Array(4);
    adstockCoefficients(alpha, 8, w);
    kernel(input, alpha, w, theta, st, st.sums, curve);
    return st;
  }

  for (const name of saturationNames().filter((n) => getSaturation(n).hasGradient)) {
    const t = getSaturation(name);
    it(`${name}: value = the registry's column; ∂/∂α and ∂/∂θ = central differences${FUSED_SERIES[name] ? "; fused kernel = general kernel" : ""}`, () => {
      for (const p of paramSets(t)) {
        const theta = Float64Array.from(t.paramNames, (n) => p[n]!);
        const alpha = 0.55;
        const st = run(name, alpha, theta);
        const ref = reference({ adstock: { type: "geometric", params: { alpha, lMax: 8, normalize: true } }, saturation: { type: name, params: { ...p } } });
        sameSeries(st.h, ref, 1e-12, `${name} h`);
        near(
          st.sums[0]!,
          ref.reduce((a, b) => a + b, 0),
          1e-12,
          `${name} Σh`,
        );
        const h = 1e-6;
        const da = Array.from(run(name, alpha + h, theta).h, (u, i) => (u - run(name, alpha - h, theta).h[i]!) / (2 * h));
        sameSeries(st.hd, da, 1e-6, `${name} ∂h/∂α`);
        t.paramNames.forEach((n, j) => {
          const up = Float64Array.from(theta),
            down = Float64Array.from(theta);
          up[j]! += h * Math.max(1, theta[j]!);
          down[j]! -= h * Math.max(1, theta[j]!);
          const hu = run(name, alpha, up).h,
            hd = run(name, alpha, down).h;
          sameSeries(
            st.hu[j]!,
            Array.from(hu, (u, i) => (u - hd[i]!) / (2 * h * Math.max(1, theta[j]!))),
            1e-6,
            `${name} ∂h/∂${n}`,
          );
        });
        if (FUSED_SERIES[name]) {
          const general = run(name, alpha, theta, generalSeries);
          // fastExp is within 2 ulp of Math.exp: the fused path equals the general one to rounding.
          sameSeries(st.h, general.h, 1e-13, `${name} fused h`);
          sameSeries(st.hd, general.hd, 1e-12, `${name} fused ∂h/∂α`);
          st.hu.forEach((u, j) => sameSeries(u, general.hu[j]!, 1e-12, `${name} fused ∂h/∂θ${j}`));
          sameSeries(st.sums, general.sums, 1e-12, `${name} fused sums`);
        }
      }
    });
  }
});

describe("contract: the Bayesian density's series for every adstock with a weight gradient", () => {
  const x = SPEND.map((v) => v / SCALE);
  const input = adstockInput(x, 8);
  const SATURATIONS = ["logistic", "hill", "michaelis_menten"];

  /** h, ∂h/∂φ and ∂h/∂θ per week through the density's adstock path for `name` (recursion for geometric unless `convolve`). */
  function run(name: string, sat: string, phi: Float64Array, theta: Float64Array, convolve = false) {
    const adstock = channelAdstock(name, "ch", 8);
    const curve = saturationCurve(sat, "ch");
    const st = new ChannelState(N, curve.k, adstock.k);
    (convolve ? adstock.convolved : adstock.series).call(adstock, input, phi, theta, st, st.sums, curve);
    return st;
  }

  /** Central differences of h in coordinate j of `v` (step relative to the value). */
  function fd(v: Float64Array, j: number, h: (v: Float64Array) => Float64Array): number[] {
    const step = 1e-6 * Math.max(1, Math.abs(v[j]!));
    const up = Float64Array.from(v),
      down = Float64Array.from(v);
    up[j]! += step;
    down[j]! -= step;
    const hu = h(up),
      hd = h(down);
    return Array.from(hu, (u, i) => (u - hd[i]!) / (2 * step));
  }

  const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);

  for (const name of adstockNames().filter((n) => getAdstock(n).hasGradient)) {
    it(`${name}: value = the registry's column; ∂/∂φ and ∂/∂θ = central differences; sums${name === "geometric" ? "; convolution = fused recursion" : ""}`, () => {
      const a = getAdstock(name, { lMax: 8, normalize: true });
      for (const sat of SATURATIONS) {
        const t = getSaturation(sat);
        paramSets(a).forEach((ap, i) => {
          const sp = paramSets(t)[i]!;
          const phi = Float64Array.from(a.paramNames, (n) => ap[n]!);
          const theta = Float64Array.from(t.paramNames, (n) => sp[n]!);
          const label = `${name} + ${sat} #${i}`;
          const st = run(name, sat, phi, theta);
          const ref = reference({ adstock: { type: name, params: { ...ap, lMax: 8, normalize: true } }, saturation: { type: sat, params: { ...sp } } });
          sameSeries(st.h, ref, 1e-12, `${label} h`);
          near(st.sums[0]!, sum(ref), 1e-12, `${label} Σh`);
          const m = a.paramNames.length;
          a.paramNames.forEach((n, j) => {
            sameSeries(
              st.ha[j]!,
              fd(phi, j, (v) => run(name, sat, v, theta).h),
              1e-6,
              `${label} ∂h/∂${n}`,
            );
            near(st.sums[1 + j]!, sum(st.ha[j]!), 1e-12, `${label} Σ∂h/∂${n}`);
          });
          t.paramNames.forEach((n, j) => {
            sameSeries(
              st.hu[j]!,
              fd(theta, j, (v) => run(name, sat, phi, v).h),
              1e-6,
              `${label} ∂h/∂${n}`,
            );
            near(st.sums[1 + m + j]!, sum(st.hu[j]!), 1e-12, `${label} Σ∂h/∂${n}`);
          });
          if (name === "geometric") {
            // The general convolution kernel equals the fused recursion (logistic, Hill) or the recursion + general saturation kernel.
            const conv = run(name, sat, phi, theta, true);
            sameSeries(conv.h, st.h, 1e-12, `${label} convolution h`);
            sameSeries(conv.hd, st.hd, 1e-11, `${label} convolution ∂h/∂α`);
            st.hu.forEach((u, j) => sameSeries(conv.hu[j]!, u, 1e-11, `${label} convolution ∂h/∂θ${j}`));
            sameSeries(conv.sums, st.sums, 1e-11, `${label} convolution sums`);
          }
        });
      }
    });
  }
});
