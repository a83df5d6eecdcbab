/**
 * The hierarchical geo MMM's log posterior and its analytic gradient (a sampler `LogDensity`).
 * Each geo's KPI is divided by its scale (mean or population-based, geoData.ts), each channel's
 * spend in a geo by that geo's scale. Per geo: its own intercept ~ Normal(0, 2), unpooled as
 * Meridian's τ_g (on mean-scaled KPIs the intercepts nearly agree yet each is pinned by its geo's
 * weeks: a pooled intercept had a funnel in either form — centred R-hat 1.7 at step size 0.03,
 * non-centred at the 10-level tree depth on 10 geos), its own trend and Fourier coefficients (seasonality per geo: geos peak at different
 * times), its own noise σ_g; controls with coefficients shared by the geos. Per channel: weekly response at average spend
 * r_gc = exp(ℓ_gc), ℓ_gc ~ Normal(μ_c, τ_c), partially centred per geo (u_gc ~ Normal(w·μ_c, τ_c^w),
 * ℓ_gc = μ_c + τ_c^(1−w)·(u_gc − w·μ_c)): non-centred (w = 0) suits a geo that says little (else a
 * funnel in τ_c), centred (w = 1) a geo pinned by its own weeks (else a ridge through μ_c, τ_c and
 * z_gc); the fit sets w per geo from its information (geoCentring.ts). Adstock and saturation shared by the geos and
 * computed by the national model's per-channel code (channelAdstock.ts, series.ts, channelState.ts).
 * Normal or Student-t likelihood per geo-week; under the Normal one each geo's intercept and
 * trend/Fourier coefficients are integrated out by default (collapsedNormal.ts), leaving per geo
 * only σ_g in the sampler's space. Jacobians of every transform included.
 */
import type { GeoMmmData } from "../../geo/geoData";
import { adstockInput, type AdstockInput } from "../model/adstock";
import { createLightRng, seedFromBits, type Rng } from "../../../math/random";
import { ChannelState } from "../model/channelState";
import { CollapsedNormal } from "../model/collapsedNormal";
import { addColumns, addScaled, dot, dotColumns } from "../model/columns";
import { centredPerGeo, standardise } from "./geoColumns";
import { logResponse, partiallyCentredEffect } from "./geoLogNormalEffects";
import { normalLikelihood, studentTLikelihood, type Likelihood } from "../model/likelihood";
import { halfNormalLogpdf, normalLogpdf } from "../model/priors";
import { NormalGeoEffects } from "./geoNormalEffects";
import { logSigmaPrior, weekEffectsPrior } from "./geoPriorTerms";
import { GeoRoasPriors } from "./geoRoasPrior";
import { buildGeoLayout, DEFAULT_GEO_PRIORS, type GeoLayout, type GeoModelOptions, type GeoPriors } from "./geoLayout";

/** One channel's natural parameters in one draw. */
export interface GeoChannelParams {
  mu: number;
  tau: number;
  /** Per geo β on the geo's scaled KPI. */
  beta: Float64Array;
  adstock: Float64Array;
  theta: Float64Array;
  /** Per geo total contribution in KPI units. */
  contribution: Float64Array;
}

export interface GeoParams {
  /** Each geo's intercept (with the baseline integrated out: a draw from its conditional posterior). */
  intercept: Float64Array;
  /** Each geo's intercept and base (trend, Fourier) coefficients, drawn with the intercept. */
  base: Float64Array[];
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

export class GeoMmmDensity {
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
  /** Each geo's [1, base columns] block integrated out (the same regressors in every geo). */
  readonly #collapsed?: CollapsedNormal;
  /** Normal geo effects, integrated out as further columns of #collapsed (GeoModelOptions.effects). */
  readonly #effects?: NormalGeoEffects;
  /** ROAS priors on the pooled responses, when any channel has one. */
  readonly #roas?: GeoRoasPriors;
  /** The distinct σ parameters (one shared, or one per geo). */
  readonly #sigmaParams: number[];
  /**
   * Per channel one series state, reused by every geo: the pass runs geo by geo (all channels'
   * series, the likelihood, the chain rule) so the working set is one geo's weeks (~20 kB, in
   * cache) instead of every geo-channel series (~0.75 MB on 40 geos × 5 channels × 156 weeks).
   */
  readonly #state: ChannelState[];
  /** Per channel, per geo: adstock input. */
  readonly #input: AdstockInput[][];
  readonly #shared: SharedState[];
  /** Per channel, per geo: β and Σh of the last evaluation (for `constrain`). */
  readonly #beta: Float64Array[];
  readonly #sumH: Float64Array[];
  readonly #mu: Float64Array;
  /** Per geo its control columns; every channel's series h and offset β (for the column kernels' one pass). */
  readonly #controlCols: Float64Array[][];
  readonly #h: Float64Array[];
  readonly #offset: Float64Array;
  readonly #gControls: Float64Array;
  readonly #out = new Float64Array(1);

  constructor(data: GeoMmmData, opts: GeoModelOptions = {}) {
    this.data = data;
    this.layout = buildGeoLayout(data, opts);
    // The effects' form resolved (a saved fit is rebuilt from these options).
    this.options = { ...opts, effects: this.layout.normalEffects ? "normal" : "logNormal" };
    this.names = this.layout.names;
    this.dim = this.layout.dim;
    this.#priors = { ...DEFAULT_GEO_PRIORS, ...opts.priors };
    this.#lik = opts.likelihood === "studentT" ? studentTLikelihood(opts.nu ?? 5) : normalLikelihood;
    this.#y = data.y.map((v, g) => v.map((x) => x / data.kpiScale[g]!));
    this.z = data.base.cols.map(standardise);
    this.#sigmaParams = [...new Set(this.layout.sigma)];
    if (this.layout.integrated) {
      // With normal effects each channel's column (x_gc, set per geo) and prior sd (set per evaluation) follow the base columns.
      const C = this.layout.normalEffects ? data.channels.length : 0;
      const cols = [new Float64Array(data.n).fill(1), ...this.z, ...Array.from({ length: C }, () => new Float64Array(data.n))];
      this.#collapsed = new CollapsedNormal(cols, [this.#priors.intercept, ...this.z.map(() => this.#priors.base), ...Array.from({ length: C }, () => 1)]);
      if (C > 0) this.#effects = new NormalGeoEffects(this.#collapsed, 1 + this.z.length, data.n, C);
    }
    this.controls = data.controls.map((c) => centredPerGeo(c.values));
    const roas = new GeoRoasPriors(
      this.layout.channels,
      data.channels.map((ch) => ch.total.reduce((a, b) => a + b, 0)),
      !this.layout.normalEffects,
    );
    if (roas.any) this.#roas = roas;
    const lMax = opts.lMax ?? 8;
    this.#input = data.channels.map((ch) =>
      ch.spend.map((x, g) =>
        adstockInput(
          x.map((v) => v / ch.scale[g]!),
          lMax,
        ),
      ),
    );
    this.#state = this.layout.channels.map((ch) => new ChannelState(data.n, ch.curve.k, ch.adstock.k));
    this.#shared = this.layout.channels.map((ch) => {
      const m = ch.adstock.k,
        k = ch.curve.k;
      return { phi: new Float64Array(m), dphi: new Float64Array(m), theta: new Float64Array(k), dtheta: new Float64Array(k), gAdstock: new Float64Array(m), gTheta: new Float64Array(k) };
    });
    this.#beta = this.layout.channels.map(() => new Float64Array(data.geos.length));
    this.#sumH = this.layout.channels.map(() => new Float64Array(data.geos.length));
    this.#mu = new Float64Array(data.n);
    this.#controlCols = data.geos.map((_, g) => this.controls.map((c) => c[g]!));
    this.#h = this.#state.map((st) => st.h);
    this.#offset = new Float64Array(this.#state.length);
    this.#gControls = new Float64Array(this.controls.length);
  }

  /**
   * Natural parameters of an unconstrained vector, with each geo's channel contributions. Integrated
   * coefficients (intercepts, normal geo effects) are drawn from their conditional posterior with `rng`,
   * else per geo with an rng seeded by `q` and the geo: the same draw gives the same values in every
   * call, and `baseline(q, g)` the same geo's.
   */
  constrain(q: Float64Array, rng?: Rng): GeoParams {
    this.#sharedTransforms(q);
    const L = this.layout;
    const sigma = Float64Array.from(L.sigma, (at) => Math.exp(q[at]!));
    const base = Array.from({ length: L.G }, (_, g) => {
      this.#series(q, g);
      return Float64Array.from(this.#baselineCoefficients(q, g, rng).subarray(0, 1 + L.K));
    });
    return {
      intercept: Float64Array.from(base, (b) => b[0]!),
      base,
      sigma,
      channels: L.channels.map((ch, c) => {
        const sh = this.#shared[c]!;
        const beta = this.#beta[c]!;
        return {
          mu: q[ch.mu]!,
          tau: Math.exp(q[ch.logTau]!),
          beta: Float64Array.from(beta),
          adstock: Float64Array.from(sh.phi),
          theta: Float64Array.from(sh.theta),
          contribution: Float64Array.from(beta, (b, g) => this.data.kpiScale[g]! * b * this.#sumH[c]![g]!),
        };
      }),
    };
  }

  /** One draw's weekly contribution of channel `c` in geo `g` (KPI units) into `out`; call after `constrain(q)`. */
  weekly(c: number, g: number, out: Float64Array): void {
    const ch = this.layout.channels[c]!;
    const sh = this.#shared[c]!;
    const st = this.#state[c]!;
    ch.adstock.series(this.#input[c]![g]!, sh.phi, sh.theta, st, st.sums, ch.curve);
    const f = this.data.kpiScale[g]! * this.#beta[c]![g]!;
    for (let t = 0; t < out.length; t++) out[t] = f * st.h[t]!;
  }

  /**
   * Geo g's weekly baseline parts in KPI units: intercept + trend + seasonality (with the baseline
   * integrated out: a draw from its conditional posterior with `rng`, else seeded by q and g as in
   * `constrain`; the channels' `weekly` then read the same draw's geo effects), the shared week
   * effects and the controls. The media are the rest of μ (`weekly`).
   */
  baseline(q: Float64Array, g: number, rng?: Rng): { base: Float64Array; time: Float64Array; controls: Float64Array } {
    const L = this.layout;
    const n = this.data.n;
    const s = this.data.kpiScale[g]!;
    this.#sharedTransforms(q);
    this.#series(q, g);
    const b = this.#baselineCoefficients(q, g, rng);
    const base = new Float64Array(n).fill(b[0]!);
    for (let k = 0; k < L.K; k++) addScaled(base, b[1 + k]!, this.z[k]!);
    const time = new Float64Array(n);
    if (L.time >= 0) for (let t = 0; t < n; t++) time[t] = q[L.time + t]!;
    const controls = new Float64Array(n);
    for (let j = 0; j < this.controls.length; j++) addScaled(controls, q[L.controls + j]!, this.controls[j]![g]!);
    for (const v of [base, time, controls]) for (let t = 0; t < n; t++) v[t]! *= s;
    return { base, time, controls };
  }

  /**
   * Geo g's intercept and base coefficients (after `#series(q, g)`): integrated out, a draw from their
   * conditional posterior (normal geo effects drawn jointly, into each channel's β) with `rng`, else with an
   * rng seeded by q and g (the same draw in every call); else the sampled ones.
   */
  #baselineCoefficients(q: Float64Array, g: number, rng?: Rng): Float64Array {
    const L = this.layout;
    if (!this.#collapsed) return q.subarray(L.geo[g]!, L.geo[g]! + 1 + L.K);
    const b = this.#collapsed.coefficients(this.#y[g]!, this.#nonlinearMean(q, g), Math.exp(q[L.sigma[g]!]!), rng ?? createLightRng(seedFromBits(q, g)));
    const fx = this.#effects;
    if (fx) this.#state.forEach((st, c) => (this.#beta[c]![g] = st.beta + fx.betaIncrement(c, b[fx.from + c]!)));
    return b;
  }

  /** Log density (fully normalised priors and likelihood); fills `grad`. One pass over the geos (see #state). */
  logpGrad(q: Float64Array, grad: Float64Array): number {
    grad.fill(0);
    this.#sharedTransforms(q);
    let lp = 0;
    for (let j = 0; j < this.controls.length; j++) {
      const i = this.layout.controls + j;
      grad[i]! -= q[i]! / this.#priors.base ** 2;
      lp += normalLogpdf(q[i]!, 0, this.#priors.base);
    }
    lp += weekEffectsPrior(q, grad, this.layout.time, this.data.n, this.#priors.time) + logSigmaPrior(q, grad, this.#sigmaParams, this.#priors.sigma);
    for (let g = 0; g < this.layout.G; g++) {
      if (!this.#series(q, g)) return -Infinity;
      lp += this.#geo(q, grad, g) + this.#geoChannels(q, grad, g);
    }
    return lp + this.#channelPriors(q, grad);
  }

  /** Each channel's shared adstock and saturation parameters; their gradient accumulators zeroed. */
  #sharedTransforms(q: Float64Array): void {
    const chans = this.layout.channels;
    for (let c = 0; c < chans.length; c++) {
      const ch = chans[c]!;
      const sh = this.#shared[c]!;
      ch.curve.constrain(q, ch.sat, sh.theta, sh.dtheta);
      ch.adstock.declared.constrain(q, ch.decay, sh.phi, sh.dphi);
      sh.gAdstock.fill(0);
      sh.gTheta.fill(0);
    }
    this.#effects?.setChannels(q, chans);
    this.#roas?.reset();
  }

  /** Geo g's series of every channel and β_gc = r_gc / h(ā_gc). False if a response vanishes. */
  #series(q: Float64Array, g: number): boolean {
    const chans = this.layout.channels;
    for (let c = 0; c < chans.length; c++) {
      const ch = chans[c]!;
      const sh = this.#shared[c]!;
      const st = this.#state[c]!;
      ch.adstock.series(this.#input[c]![g]!, sh.phi, sh.theta, st, st.sums, ch.curve);
      const ev = st.ev;
      ch.curve.evaluate(ch.ref[g]!, sh.theta, ev);
      if (!(ev[0]! > 0)) return false;
      st.beta = this.#effects ? this.#effects.offsetBeta(c, ev[0]!) : Math.exp(logResponse(q, ch, g)) / ev[0]!;
      for (let j = 0; j < st.dLogBeta.length; j++) st.dLogBeta[j] = -ev[2 + j]! / ev[0]!;
      this.#beta[c]![g] = st.beta;
      this.#sumH[c]![g] = st.sums[0]!;
    }
    this.#effects?.setColumns(this.#state);
    return true;
  }

  /** Geo g's controls, shared week effects and media part of μ (after `#series(q, g)`), in the shared buffer. */
  #nonlinearMean(q: Float64Array, g: number): Float64Array {
    const mu = this.#mu.fill(0);
    const at = this.layout.time;
    if (at >= 0) for (let t = 0; t < mu.length; t++) mu[t] = q[at + t]!;
    const at2 = this.layout.controls;
    addColumns(mu, q.subarray(at2, at2 + this.controls.length), this.#controlCols[g]!);
    this.#state.forEach((st, c) => (this.#offset[c] = st.beta));
    addColumns(mu, this.#offset, this.#h);
    return mu;
  }

  /** One geo: μ_t, its likelihood, its baseline's gradients and priors; leaves ∂/∂(β, φ, θ) in the channel states. */
  #geo(q: Float64Array, grad: Float64Array, g: number): number {
    const mu = this.#nonlinearMean(q, g);
    if (!this.#collapsed) this.#addBaseline(q, g, mu);
    const ls = this.layout.sigma[g]!;
    const sigma = Math.exp(q[ls]!);
    const fx = this.#effects;
    let lp = this.#collapsed ? this.#collapsed.logLik(this.#y[g]!, mu, sigma, this.#out, fx?.gLogSd, fx?.from) : this.#lik.logLik(this.#y[g]!, mu, sigma, this.#out); // mu now holds ∂/∂μ
    grad[ls]! += this.#out[0]!;
    if (!this.#collapsed) lp += this.#baselinePriorAndGradient(q, grad, g, mu);
    dotColumns(mu, this.#controlCols[g]!, this.#gControls);
    for (let j = 0; j < this.controls.length; j++) grad[this.layout.controls + j]! += this.#gControls[j]!;
    const at = this.layout.time;
    if (at >= 0) for (let t = 0; t < mu.length; t++) grad[at + t]! += mu[t]!;
    if (fx) fx.chainRule(grad, mu, sigma, this.#state, this.layout.channels);
    else for (const st of this.#state) st.likelihoodGradient(mu);
    return lp;
  }

  /** A sampled baseline: geo g's intercept and base terms added to μ. */
  #addBaseline(q: Float64Array, g: number, mu: Float64Array): void {
    const at = this.layout.geo[g]!;
    for (let t = 0; t < mu.length; t++) mu[t]! += q[at]!;
    for (let k = 0; k < this.layout.K; k++) addScaled(mu, q[at + 1 + k]!, this.z[k]!);
  }

  /** A sampled baseline: its coefficients' gradients (`mu` holds ∂/∂μ) and priors. */
  #baselinePriorAndGradient(q: Float64Array, grad: Float64Array, g: number, mu: Float64Array): number {
    const P = this.#priors;
    const at = this.layout.geo[g]!;
    let lp = 0;
    let gi = 0;
    for (let t = 0; t < mu.length; t++) gi += mu[t]!;
    grad[at]! += gi - q[at]! / P.intercept ** 2;
    lp += normalLogpdf(q[at]!, 0, P.intercept);
    for (let k = 0; k < this.layout.K; k++) {
      const i = at + 1 + k;
      grad[i]! += dot(mu, this.z[k]!) - q[i]! / P.base ** 2;
      lp += normalLogpdf(q[i]!, 0, P.base);
    }
    return lp;
  }

  /** Geo g's chain rule to μ_c, log τ_c, z_gc, and into the shared transforms' accumulators; z_gc's prior. */
  #geoChannels(q: Float64Array, grad: Float64Array, g: number): number {
    let lp = 0;
    const chans = this.layout.channels;
    for (let c = 0; c < chans.length; c++) {
      const ch = chans[c]!;
      const sh = this.#shared[c]!;
      const st = this.#state[c]!;
      // d log p / d log β at fixed (φ, θ); log β = ℓ − log h(ā; θ), ℓ = μ + τ^(1−w)·(u − wμ).
      const gLogBeta = st.gBeta * st.beta;
      if (!this.#effects) lp += partiallyCentredEffect(q, grad, ch, g, gLogBeta);
      for (let j = 0; j < sh.gAdstock.length; j++) sh.gAdstock[j]! += st.gAdstock[j]!;
      for (let j = 0; j < sh.gTheta.length; j++) sh.gTheta[j]! += st.gTheta[j]! + gLogBeta * st.dLogBeta[j]!;
      this.#roas?.addGeo(c, st, this.data.kpiScale[g]!);
    }
    return lp;
  }

  /** Priors of μ_c (its ROAS prior's when given) and τ_c, the shared transforms' priors and Jacobians, and their accumulated gradients. */
  #channelPriors(q: Float64Array, grad: Float64Array): number {
    const P = this.#priors;
    let lp = 0;
    const chans = this.layout.channels;
    for (let c = 0; c < chans.length; c++) {
      const ch = chans[c]!;
      const sh = this.#shared[c]!;
      const m = q[ch.mu]!;
      const tau = Math.exp(q[ch.logTau]!);
      const roas = this.#roas?.logPrior(c, ch, q, grad, sh.gAdstock, sh.gTheta);
      if (roas === undefined) {
        grad[ch.mu]! -= (m - P.effectMu) / P.effectSd ** 2;
        lp += normalLogpdf(m, P.effectMu, P.effectSd);
      } else lp += roas;
      grad[ch.logTau]! += 1 - (tau * tau) / P.tau ** 2;
      lp += halfNormalLogpdf(tau, P.tau) + q[ch.logTau]!;
      lp += ch.adstock.declared.logPrior(q, ch.decay, sh.phi, sh.dphi, grad, sh.gAdstock);
      for (let j = 0; j < sh.gTheta.length; j++) grad[ch.sat + j]! += sh.gTheta[j]! * sh.dtheta[j]!;
      lp += ch.curve.logPrior(q, ch.sat, sh.theta, sh.dtheta, grad);
    }
    return lp;
  }
}
