/**
 * A channel's weekly saturation series with its partials — the hot loop of the sampler (one pass
 * per channel per gradient). The geometric adstock runs by its recursion inside the loop (see
 * adstock.ts); the saturation either through the registered class's `gradient` (the general
 * kernel, any transform) or, for the built-ins, a fused kernel with the same maths written inline
 * (monomorphic, no call per week, `fastExp`). Any other adstock runs by convolution with its
 * weights and their gradient (`convolvedSeries`). The contract test checks fused = general and
 * convolution = recursion for geometric.
 */
import { A_L, DA_L, DS_OVER_S2, INV_S, type AdstockInput } from "./adstock";
import { fastExp } from "./fastExp";
import type { BayesSaturation, SaturationSeries } from "./saturation";

/**
 * With a_t the adstock of `x` at decay α (coefficients `w` from `adstockCoefficients`): h(a_t),
 * ∂h/∂α = ∂h/∂a·∂a/∂α and ∂h/∂θⱼ (natural parameters) per week into `out`; their sums
 * [Σh, Σ∂h/∂α, Σ∂h/∂θ₀, …] into `sums`.
 */
export type SeriesKernel = (x: AdstockInput, alpha: number, w: Float64Array, theta: Float64Array, out: SaturationSeries, sums: Float64Array, sat: BayesSaturation) => void;

/**
 * A channel's series for any adstock: `hd` is ∂h/∂φ₀ (the geometric kernels' ∂h/∂α) and `ha[j]`
 * ∂h/∂φⱼ for each adstock parameter (`ha[0]` is `hd`); `da` is scratch of one slot per adstock parameter.
 */
export interface ChannelSeries extends SaturationSeries {
  ha: Float64Array[];
  da: Float64Array;
}

/** Any saturation with a gradient: one `sat.evaluate` per week. */
export const generalSeries: SeriesKernel = (x, alpha, w, theta, out, sums, sat) => {
  const { n, lMax, xp, keep } = x;
  const invS = w[INV_S]!,
    k = w[DS_OVER_S2]!,
    aL = w[A_L]!,
    daL = w[DA_L]!;
  const { h, hd, hu, scratch: ev } = out;
  const m = hu.length;
  sums.fill(0, 0, 2 + m);
  let c = 0,
    dc = 0;
  for (let t = 0; t < n; t++) {
    const old = xp[t]!;
    const live = keep[t]!;
    dc = (c + alpha * dc - daL * old) * live; // uses c_{t−1}
    c = (xp[t + lMax]! + alpha * c - aL * old) * live;
    sat.evaluate(c * invS, theta, ev);
    h[t] = ev[0]!;
    hd[t] = ev[1]! * (dc * invS - c * k);
    sums[0]! += h[t]!;
    sums[1]! += hd[t]!;
    for (let j = 0; j < m; j++) {
      hu[j]![t] = ev[2 + j]!;
      sums[2 + j]! += ev[2 + j]!;
    }
  }
};

/** Logistic tanh(λa/2) = (1 − e^{−λa}) / (1 + e^{−λa}): ∂h/∂a = λ(1 − h²)/2, ∂h/∂λ = a(1 − h²)/2. */
const logisticSeries: SeriesKernel = (x, alpha, w, theta, out, sums) => {
  const lam = theta[0]!;
  const { n, lMax, xp, keep } = x;
  const invS = w[INV_S]!,
    k = w[DS_OVER_S2]!,
    aL = w[A_L]!,
    daL = w[DA_L]!;
  const { h, hd } = out;
  const hu0 = out.hu[0]!;
  let c = 0,
    dc = 0,
    S = 0,
    Sa = 0,
    S0 = 0;
  for (let t = 0; t < n; t++) {
    const old = xp[t]!;
    const m = keep[t]!;
    dc = (c + alpha * dc - daL * old) * m; // uses c_{t−1}
    c = (xp[t + lMax]! + alpha * c - aL * old) * m;
    const at = c * invS;
    const e = fastExp(-lam * at);
    const r = 1 / (1 + e);
    const ht = (1 - e) * r;
    const half = 2 * e * r * r; // (1 − h²)/2
    const hdt = lam * half * (dc * invS - c * k);
    const hut = at * half;
    h[t] = ht;
    hd[t] = hdt;
    hu0[t] = hut;
    S += ht;
    Sa += hdt;
    S0 += hut;
  }
  sums[0] = S;
  sums[1] = Sa;
  sums[2] = S0;
};

/** Hill σ(s·log(a/κ)): with g = h(1 − h), ∂h/∂a = s·g/a, ∂h/∂κ = −s·g/κ, ∂h/∂s = g·log(a/κ). */
const hillSeries: SeriesKernel = (x, alpha, w, theta, out, sums) => {
  const kappa = theta[0]!;
  const s = theta[1]!;
  const invKappa = 1 / kappa;
  const { n, lMax, xp, keep } = x;
  const invS = w[INV_S]!,
    k = w[DS_OVER_S2]!,
    aL = w[A_L]!,
    daL = w[DA_L]!;
  const { h, hd } = out;
  const hu0 = out.hu[0]!,
    hu1 = out.hu[1]!;
  let c = 0,
    dc = 0,
    S = 0,
    Sa = 0,
    S0 = 0,
    S1 = 0;
  for (let t = 0; t < n; t++) {
    const old = xp[t]!;
    const m = keep[t]!;
    dc = (c + alpha * dc - daL * old) * m; // uses c_{t−1}
    c = (xp[t + lMax]! + alpha * c - aL * old) * m;
    const at = c * invS;
    if (!(at > 0)) {
      h[t] = hd[t] = hu0[t] = hu1[t] = 0;
      continue;
    }
    const r = Math.log(at * invKappa);
    const ht = 1 / (1 + fastExp(-s * r));
    const g = ht * (1 - ht);
    const q = s * g;
    const hdt = (q / at) * (dc * invS - c * k);
    const h0 = -q * invKappa;
    const h1 = g * r;
    h[t] = ht;
    hd[t] = hdt;
    hu0[t] = h0;
    hu1[t] = h1;
    S += ht;
    Sa += hdt;
    S0 += h0;
    S1 += h1;
  }
  sums[0] = S;
  sums[1] = Sa;
  sums[2] = S0;
  sums[3] = S1;
};

/**
 * Any adstock with weights `w` (length lMax) and their gradient `dw[j]` in its parameters φⱼ:
 * a_t = Σᵢ wᵢ·x_{t−i}, ∂a_t/∂φⱼ = Σᵢ ∂wᵢ/∂φⱼ·x_{t−i}, then one `sat.evaluate` per week; h into
 * `out.h`, ∂h/∂φⱼ = h'(a_t)·∂a_t/∂φⱼ into `out.ha[j]`, ∂h/∂θⱼ into `out.hu[j]`, and the sums
 * [Σh, Σ∂h/∂φ₀, …, Σ∂h/∂θ₀, …] into `sums`. O(n·lMax) per parameter; allocates nothing.
 */
export function convolvedSeries(x: AdstockInput, w: Float64Array, dw: readonly Float64Array[], theta: Float64Array, out: ChannelSeries, sums: Float64Array, sat: BayesSaturation): void {
  const { n, lMax, xp } = x;
  const { h, ha, hu, da, scratch: ev } = out;
  const m = dw.length,
    k = hu.length;
  sums.fill(0, 0, 1 + m + k);
  const dw0 = dw[0],
    dw1 = dw[1];
  for (let t = 0; t < n; t++) {
    const top = t + lMax; // x_{t−i} is xp[top − i]
    let a = 0;
    if (m === 2) {
      // The built-ins' two parameters: one pass over the lags.
      let d0 = 0,
        d1 = 0;
      for (let i = 0; i < lMax; i++) {
        const v = xp[top - i]!;
        a += w[i]! * v;
        d0 += dw0![i]! * v;
        d1 += dw1![i]! * v;
      }
      da[0] = d0;
      da[1] = d1;
    } else {
      for (let i = 0; i < lMax; i++) a += w[i]! * xp[top - i]!;
      for (let j = 0; j < m; j++) {
        const d = dw[j]!;
        let s = 0;
        for (let i = 0; i < lMax; i++) s += d[i]! * xp[top - i]!;
        da[j] = s;
      }
    }
    sat.evaluate(a, theta, ev);
    h[t] = ev[0]!;
    sums[0]! += ev[0]!;
    for (let j = 0; j < m; j++) {
      const v = ev[1]! * da[j]!;
      ha[j]![t] = v;
      sums[1 + j]! += v;
    }
    for (let j = 0; j < k; j++) {
      hu[j]![t] = ev[2 + j]!;
      sums[1 + m + j]! += ev[2 + j]!;
    }
  }
}

/** Fused kernels of the built-in saturations, by lookup name (the contract test covers each). */
export const FUSED_SERIES: Readonly<Record<string, SeriesKernel>> = { logistic: logisticSeries, hill: hillSeries };

/** The fused kernel for this saturation, else the general one. */
export function seriesKernel(name: string): SeriesKernel {
  return FUSED_SERIES[name] ?? generalSeries;
}
