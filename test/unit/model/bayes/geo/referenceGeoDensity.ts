/**
 * The geo density as first committed (per-geo passes, one per base column and channel), frozen here as the
 * reference the fused implementation must equal: value and gradient to 1e-10 (geoFused.test.ts).
 *
 * The hierarchical geo MMM's log posterior and its analytic gradient (a sampler `LogDensity`).
 * Each geo's KPI is divided by its scale (mean or population-based, geoData.ts), each channel's
 * spend in a geo by that geo's scale. Per geo: its own intercept ~ Normal(0, 2), unpooled as
 * Meridian's τ_g (on mean-scaled KPIs the intercepts nearly agree yet each is pinned by its geo's
 * weeks: a pooled intercept had a funnel in either form — centred R-hat 1.7 at step size 0.03,
 * non-centred at the 10-level tree depth on 10 geos), its own trend and Fourier coefficients (seasonality per geo: geos peak at different
 * times), its own noise σ_g; controls with coefficients shared by the geos. Per channel: weekly response at average spend
 * r_gc = exp(μ_c + τ_c·z_gc), non-centred (z_gc ~ Normal(0, 1): τ_c is small when geos agree,
 * and the centred form would then have a funnel); adstock and saturation shared by the geos and
 * computed by the national model's per-channel code (channelAdstock.ts, series.ts, channelState.ts).
 * Normal or Student-t likelihood per geo-week. Jacobians of every transform included.
 */
import type { GeoMmmData } from "../../../../../kernel-lib/src/model/geo/geoData";
import { adstockInput, type AdstockInput } from "../../../../../kernel-lib/src/model/bayes/model/adstock";
import { ChannelState } from "../../../../../kernel-lib/src/model/bayes/model/channelState";
import { normalLikelihood, studentTLikelihood, type Likelihood } from "../../../../../kernel-lib/src/model/bayes/model/likelihood";
import { halfNormalLogpdf, normalLogpdf } from "../../../../../kernel-lib/src/model/bayes/model/priors";
import { buildGeoLayout, DEFAULT_GEO_PRIORS, type GeoLayout, type GeoModelOptions, type GeoPriors } from "../../../../../kernel-lib/src/model/bayes/geo/geoLayout";

/** One channel's natural parameters in one draw. */
interface GeoChannelParams {
  mu: number;
  tau: number;
  /** Per geo β on the geo's scaled KPI. */
  beta: Float64Array;
  adstock: Float64Array;
  theta: Float64Array;
  /** Per geo total contribution in KPI units. */
  contribution: Float64Array;
}

interface GeoParams {
  intercept: Float64Array;
  sigma: Float64Array;
  channels: GeoChannelParams[];
}

/** Shared transform parameters of one channel in the current evaluation, and their gradient accumulators. */
interface SharedState {
  phi: Float64Array;
  dphi: Float64Array;
  theta: Float64Array;
  dtheta: Float64Array;
  gAdstock: Float64Array;
  gTheta: Float64Array;
}

export class ReferenceGeoMmmDensity {
  readonly dim: number;
  readonly names: string[];
  readonly data: GeoMmmData;
  readonly layout: GeoLayout;
  readonly options: GeoModelOptions;
  /** Standardised base columns shared by the geos. */
  readonly z: Float64Array[];
  /** Per control, per geo: the control centred per geo, divided by its sd over all geo-weeks. */
  readonly controls: Float64Array[][];
  readonly #y: Float64Array[];
  readonly #priors: GeoPriors;
  readonly #lik: Likelihood;
  /** Per channel, per geo: series state and adstock input. */
  readonly #state: ChannelState[][];
  readonly #input: AdstockInput[][];
  readonly #shared: SharedState[];
  readonly #mu: Float64Array;
  readonly #out = new Float64Array(1);

  constructor(data: GeoMmmData, opts: GeoModelOptions = {}) {
    this.data = data;
    this.options = opts;
    this.layout = buildGeoLayout(data, opts);
    this.names = this.layout.names;
    this.dim = this.layout.dim;
    this.#priors = { ...DEFAULT_GEO_PRIORS, ...opts.priors };
    this.#lik = opts.likelihood === "studentT" ? studentTLikelihood(opts.nu ?? 5) : normalLikelihood;
    this.#y = data.y.map((v, g) => v.map((x) => x / data.kpiScale[g]!));
    this.z = data.base.cols.map(standardise);
    this.controls = data.controls.map((c) => centredPerGeo(c.values));
    const lMax = opts.lMax ?? 8;
    this.#input = data.channels.map((ch) =>
      ch.spend.map((x, g) =>
        adstockInput(
          x.map((v) => v / ch.scale[g]!),
          lMax,
        ),
      ),
    );
    this.#state = this.layout.channels.map((ch) => data.geos.map(() => new ChannelState(data.n, ch.curve.k, ch.adstock.k)));
    this.#shared = this.layout.channels.map((ch) => {
      const m = ch.adstock.k,
        k = ch.curve.k;
      return { phi: new Float64Array(m), dphi: new Float64Array(m), theta: new Float64Array(k), dtheta: new Float64Array(k), gAdstock: new Float64Array(m), gTheta: new Float64Array(k) };
    });
    this.#mu = new Float64Array(data.n);
  }

  /** Natural parameters of an unconstrained vector, with each geo's channel contributions. */
  constrain(q: Float64Array): GeoParams {
    this.#channels(q);
    const L = this.layout;
    return {
      intercept: Float64Array.from(L.geo, (at) => q[at]!),
      sigma: Float64Array.from(L.geo, (at) => Math.exp(q[at + 1 + L.K]!)),
      channels: L.channels.map((ch, c) => {
        const sh = this.#shared[c]!;
        const st = this.#state[c]!;
        return {
          mu: q[ch.mu]!,
          tau: Math.exp(q[ch.logTau]!),
          beta: Float64Array.from(st, (s) => s.beta),
          adstock: Float64Array.from(sh.phi),
          theta: Float64Array.from(sh.theta),
          contribution: Float64Array.from(st, (s, g) => this.data.kpiScale[g]! * s.beta * s.sums[0]!),
        };
      }),
    };
  }

  /** One draw's weekly contribution of channel `c` in geo `g` (KPI units) into `out`; call after `constrain(q)`. */
  weekly(c: number, g: number, out: Float64Array): void {
    const st = this.#state[c]![g]!;
    const f = this.data.kpiScale[g]! * st.beta;
    for (let t = 0; t < out.length; t++) out[t] = f * st.h[t]!;
  }

  /** Log density (fully normalised priors and likelihood); fills `grad`. */
  logpGrad(q: Float64Array, grad: Float64Array): number {
    grad.fill(0);
    if (!this.#channels(q)) return -Infinity;
    for (const sh of this.#shared) {
      sh.gAdstock.fill(0);
      sh.gTheta.fill(0);
    }
    let lp = 0;
    for (let j = 0; j < this.controls.length; j++) {
      const i = this.layout.controls + j;
      grad[i]! -= q[i]! / this.#priors.base ** 2;
      lp += normalLogpdf(q[i]!, 0, this.#priors.base);
    }
    for (let g = 0; g < this.layout.G; g++) lp += this.#geo(q, grad, g);
    return lp + this.#channelGradients(q, grad);
  }

  /** Shared transforms per channel, each geo's series and β_gc = r_gc / h(ā_gc). False if a response vanishes. */
  #channels(q: Float64Array): boolean {
    let ok = true;
    this.layout.channels.forEach((ch, c) => {
      const sh = this.#shared[c]!;
      ch.curve.constrain(q, ch.sat, sh.theta, sh.dtheta);
      ch.adstock.declared.constrain(q, ch.decay, sh.phi, sh.dphi);
      const tau = Math.exp(q[ch.logTau]!);
      this.#state[c]!.forEach((st, g) => {
        ch.adstock.series(this.#input[c]![g]!, sh.phi, sh.theta, st, st.sums, ch.curve);
        const ev = st.ev;
        ch.curve.evaluate(ch.ref[g]!, sh.theta, ev);
        if (!(ev[0]! > 0)) ok = false;
        st.beta = Math.exp(q[ch.mu]! + tau * q[ch.z + g]!) / ev[0]!;
        for (let j = 0; j < st.dLogBeta.length; j++) st.dLogBeta[j] = -ev[2 + j]! / ev[0]!;
      });
    });
    return ok;
  }

  /** One geo: μ_t, its likelihood, its baseline's gradients and priors; leaves ∂/∂(β, φ, θ) in the channel states. */
  #geo(q: Float64Array, grad: Float64Array, g: number): number {
    const P = this.#priors;
    const at = this.layout.geo[g]!;
    const K = this.layout.K;
    const mu = this.#mu.fill(q[at]!);
    for (let k = 0; k < K; k++) addScaled(mu, q[at + 1 + k]!, this.z[k]!);
    for (let j = 0; j < this.controls.length; j++) addScaled(mu, q[this.layout.controls + j]!, this.controls[j]![g]!);
    for (const states of this.#state) addScaled(mu, states[g]!.beta, states[g]!.h);
    const ls = at + 1 + K;
    const sigma = Math.exp(q[ls]!);
    let lp = this.#lik.logLik(this.#y[g]!, mu, sigma, this.#out); // mu now holds ∂/∂μ
    grad[ls]! += this.#out[0]! - (sigma * sigma) / P.sigma ** 2 + 1;
    lp += halfNormalLogpdf(sigma, P.sigma) + q[ls]!;
    let gi = 0;
    for (let t = 0; t < mu.length; t++) gi += mu[t]!;
    grad[at]! += gi - q[at]! / P.intercept ** 2;
    lp += normalLogpdf(q[at]!, 0, P.intercept);
    for (let k = 0; k < K; k++) {
      const i = at + 1 + k;
      grad[i]! += dot(mu, this.z[k]!) - q[i]! / P.base ** 2;
      lp += normalLogpdf(q[i]!, 0, P.base);
    }
    for (let j = 0; j < this.controls.length; j++) grad[this.layout.controls + j]! += dot(mu, this.controls[j]![g]!);
    for (const states of this.#state) states[g]!.likelihoodGradient(mu);
    return lp;
  }

  /** Chain rule to μ_c, log τ_c, z_gc and the shared transform parameters; their priors and Jacobians. */
  #channelGradients(q: Float64Array, grad: Float64Array): number {
    const P = this.#priors;
    let lp = 0;
    this.layout.channels.forEach((ch, c) => {
      const sh = this.#shared[c]!;
      const m = q[ch.mu]!;
      const tau = Math.exp(q[ch.logTau]!);
      grad[ch.mu]! -= (m - P.effectMu) / P.effectSd ** 2;
      grad[ch.logTau]! += 1 - (tau * tau) / P.tau ** 2;
      lp += normalLogpdf(m, P.effectMu, P.effectSd) + halfNormalLogpdf(tau, P.tau) + q[ch.logTau]!;
      this.#state[c]!.forEach((st, g) => {
        const z = q[ch.z + g]!;
        // d log p / d log β at fixed (φ, θ); log β = μ + τz − log h(ā; θ).
        const gLogBeta = st.gBeta * st.beta;
        grad[ch.mu]! += gLogBeta;
        grad[ch.logTau]! += gLogBeta * tau * z;
        grad[ch.z + g]! += gLogBeta * tau - z;
        lp += normalLogpdf(z, 0, 1);
        for (let j = 0; j < sh.gAdstock.length; j++) sh.gAdstock[j]! += st.gAdstock[j]!;
        for (let j = 0; j < sh.gTheta.length; j++) sh.gTheta[j]! += st.gTheta[j]! + gLogBeta * st.dLogBeta[j]!;
      });
      lp += ch.adstock.declared.logPrior(q, ch.decay, sh.phi, sh.dphi, grad, sh.gAdstock);
      for (let j = 0; j < sh.gTheta.length; j++) grad[ch.sat + j]! += sh.gTheta[j]! * sh.dtheta[j]!;
      lp += ch.curve.logPrior(q, ch.sat, sh.theta, sh.dtheta, grad);
    });
    return lp;
  }
}

function addScaled(out: Float64Array, k: number, v: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t]! += k * v[t]!;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let t = 0; t < a.length; t++) s += a[t]! * b[t]!;
  return s;
}

/** Each geo's series minus its mean, all divided by the pooled sd (1 for a control constant in every geo). */
function centredPerGeo(values: Float64Array[]): Float64Array[] {
  const centred = values.map((v) => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return v.map((x) => x - m);
  });
  const n = centred.reduce((a, v) => a + v.length, 0);
  const sd = Math.sqrt(centred.reduce((a, v) => a + v.reduce((s, x) => s + x * x, 0), 0) / n) || 1;
  return centred.map((v) => v.map((x) => x / sd));
}

function standardise(col: Float64Array): Float64Array {
  const m = col.reduce((s, v) => s + v, 0) / col.length;
  const sd = Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0) / col.length) || 1;
  return col.map((v) => (v - m) / sd);
}
