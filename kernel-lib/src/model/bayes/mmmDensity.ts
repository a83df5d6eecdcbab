/**
 * The Bayesian MMM's log posterior and its analytic gradient on the unconstrained vector
 * (PyMC-Marketing's model): target scaled by its max, each channel's spend by its max; a registered
 * adstock with a weight gradient (geometric by default, delayed, Weibull CDF/PDF or custom;
 * normalised, lMax weeks) and a registered saturation with a gradient (logistic, Hill,
 * Michaelis–Menten or custom), their parameters' priors and domains read from the transform
 * registry; channel effect β ~ HalfNormal (log), or ROAS ~ LogNormal (log) with β implied;
 * intercept ~ Normal; controls (standardised), trend and Fourier terms ~ Normal; with baseline
 * "hsgp" also a Gaussian process in time (model/hsgp.ts); σ ~ HalfNormal
 * (log); Normal or Student-t likelihood (ν fixed or sampled); lift tests as extra likelihood terms
 * through each channel's adstock and saturation (model/liftTerm.ts); contribution-share priors
 * (model/contributionPriors.ts). Jacobians of every transform included. With `integrateBaseline`
 * (default with the HSGP under the Normal likelihood) the intercept, base and HSGP coefficients are
 * integrated out (model/integratedBaseline.ts) and drawn per draw for the outputs.
 */
import { MMMError } from "../../errors";
import type { MmmData } from "../mmmData";
import { adstockInput, type AdstockInput } from "./model/adstock";
import { ChannelState } from "./model/channelState";
import { HsgpBaseline } from "./model/hsgp";
import { IntegratedBaseline } from "./model/integratedBaseline";
import { addColumns, addScaled, dotColumns } from "./model/columns";
import type { Rng } from "../../math/random";
import { buildLayout, type BayesModelOptions, type ParamLayout } from "./model/layout";
import { logNuPrior, normalLikelihood, SampledStudentT, studentTLikelihood, type Likelihood } from "./model/likelihood";
import { ContributionPriors } from "./model/contributionPriors";
import { LiftTerm } from "./model/liftTerm";
import { rfSeries } from "./model/rfMedia";
import { rfResponse } from "./model/rfSpend";
import { scaleLiftTests } from "./model/liftTests";
import { DEFAULT_PRIORS, halfNormalLogpdf, normalLogpdf, type BayesPriors } from "./model/priors";

export type { BayesModelOptions } from "./model/layout";
export { DEFAULT_PRIORS, type BayesPriors } from "./model/priors";

/** Natural parameters of one channel. */
export interface ChannelParams {
  beta: number;
  /** The adstock's alpha (geometric, delayed), NaN for an adstock without one (Weibull). */
  decay: number;
  /** Adstock parameters in the transform's declared order (alpha; alpha and theta; lambda and k; …). */
  adstock: Float64Array;
  /** Saturation parameters in the transform's declared order (λ, or K and S, …). */
  theta: Float64Array;
  /** Total contribution / total spend. */
  roas: number;
}

export interface BayesParams {
  intercept: number;
  channels: ChannelParams[];
  base: number[];
  sigma: number;
  /** The HSGP baseline's length-scale (weeks), η and basis weights sⱼ·zⱼ, with baseline "hsgp". */
  gp?: { ls: number; eta: number; w: Float64Array };
  /** The Student-t's degrees of freedom (fixed or this draw's); absent under the Normal likelihood. */
  nu?: number;
}

/** Log posterior of the MMM with its gradient: the sampler's `LogDensity`. */
export class BayesMmmDensity {
  readonly dim: number;
  readonly names: string[];
  readonly n: number;
  readonly yScale: number;
  readonly data: MmmData;
  readonly layout: ParamLayout;
  readonly options: BayesModelOptions;
  readonly lMax: number;
  /** Scaled spend per channel (divided by its max). */
  readonly x: Float64Array[];
  /** Standardised base regressors. */
  readonly z: Float64Array[];
  /** The time-varying baseline, with baseline "hsgp". */
  readonly gp?: HsgpBaseline;
  readonly #y: Float64Array;
  readonly #priors: BayesPriors;
  readonly #lik: Likelihood;
  /** The linear block integrated out (layout.integrated). */
  readonly #block?: IntegratedBaseline;
  readonly #lifts: LiftTerm;
  readonly #shares: ContributionPriors;
  readonly #mu: Float64Array;
  /** The regressors of μ: each channel's h buffer, then the standardised base columns; and their coefficients. */
  readonly #cols: Float64Array[];
  readonly #coef: Float64Array;
  /** zₖ·∂/∂μ per base column. */
  readonly #zg: Float64Array;
  /** The HSGP's weights (a view into #coef) and φⱼ·∂/∂μ. */
  readonly #gpW: Float64Array;
  readonly #gpG: Float64Array;
  /** Per channel: series, sums and gradient accumulators of the current evaluation. */
  readonly #state: ChannelState[];
  /** Per channel: the spend prepared for the adstock recursion. */
  readonly #adstock: AdstockInput[];
  readonly #out = new Float64Array(2);
  /** ∂log p/∂intercept (likelihood and prior) of the current evaluation. */
  #gIntercept = 0;

  constructor(data: MmmData, opts: BayesModelOptions = {}) {
    this.data = data;
    this.options = opts;
    this.n = data.n;
    this.yScale = data.y.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
    this.#y = data.y.map((v) => v / this.yScale);
    this.x = data.channels.map((c) => c.spend.map((v) => v / c.scale));
    this.lMax = opts.lMax ?? 8;
    this.#priors = { ...DEFAULT_PRIORS, ...opts.priors };
    this.#lik = opts.likelihood !== "studentT" ? normalLikelihood : opts.nu === undefined ? new SampledStudentT() : studentTLikelihood(opts.nu);
    this.gp = opts.baseline === "hsgp" ? new HsgpBaseline(data.days, opts.hsgp) : undefined;
    this.layout = buildLayout(data, opts, this.gp?.names);
    this.z = data.base.cols.map(standardise);
    if (this.layout.integrated) this.#block = new IntegratedBaseline(this.n, this.z, this.gp, this.#priors);
    this.#lifts = new LiftTerm(scaleLiftTests(opts.liftTests ?? [], data, this.yScale, this.lMax), this.layout);
    this.#shares = new ContributionPriors(opts.contributionPriors, data, this.yScale);
    this.names = this.layout.names;
    this.dim = this.layout.dim;
    const params = this.dim + (this.#block?.lik.p ?? 0);
    if (this.n <= params) {
      throw new MMMError("INVALID_ARGUMENT", `The Bayesian model has ${params} parameters for ${this.n} weeks.`, "Use fewer channels or controls, a lower fourierOrder, or more history (the posterior would be the prior).", {
        value: this.n,
      });
    }
    this.#mu = new Float64Array(this.n);
    this.#state = this.layout.channels.map((ch) => new ChannelState(this.n, ch.curve.k, ch.adstock.k));
    this.#adstock = this.x.map((x) => adstockInput(x, this.lMax));
    this.#cols = [...this.#state.map((b) => b.h), ...(this.#block ? [] : [...this.z, ...(this.gp?.basis ?? [])])];
    this.#coef = new Float64Array(this.#cols.length);
    this.#zg = new Float64Array(this.z.length);
    this.#gpW = this.#coef.subarray(this.#state.length + this.z.length);
    this.#gpG = new Float64Array(this.#gpW.length);
  }

  /** Natural parameters of an unconstrained vector (integrated coefficients: a conditional draw, seeded by `q` unless `rng` is given). */
  constrain(q: Float64Array, rng?: Rng): BayesParams {
    this.#channels(q);
    const L = this.layout;
    const b = this.#block && this.#drawBlock(q, rng);
    return {
      intercept: b ? b[0]! : this.#intercept(q),
      channels: L.channels.map((ch, c) => {
        const st = this.#state[c]!;
        const decay = ch.adstock.decayIndex < 0 ? NaN : st.phi[ch.adstock.decayIndex]!;
        return { beta: st.beta, decay, adstock: Float64Array.from(st.phi), theta: Float64Array.from(st.theta), roas: (st.beta * st.sums[0]! * this.yScale) / this.data.channels[c]!.total };
      }),
      base: this.z.map((_, k) => (b ? b[1 + k]! : q[L.base + k]!)),
      sigma: Math.exp(q[L.sigma]!),
      gp: this.#gpParams(q, b?.subarray(1 + this.z.length)),
      ...(this.options.likelihood === "studentT" ? { nu: L.nu >= 0 ? Math.exp(q[L.nu]!) : this.options.nu } : {}),
    };
  }

  #gpParams(q: Float64Array, drawn?: Float64Array): BayesParams["gp"] {
    if (!this.gp) return undefined;
    const w = drawn ? Float64Array.from(drawn) : new Float64Array(this.gp.k);
    if (!drawn) this.gp.weights(q, this.layout.gp, w);
    return { ...this.gp.hyper(q, this.layout.gp), w };
  }

  /** The integrated block [intercept, base…, HSGP weights…] drawn given the channels of `q` (after `#channels`). */
  #drawBlock(q: Float64Array, rng?: Rng): Float64Array {
    const mu = this.#mu.fill(0);
    this.#state.forEach((st, c) => (this.#coef[c] = st.beta));
    addColumns(mu, this.#coef, this.#cols);
    return this.#block!.coefficients(q, this.layout.gp, this.#y, mu, Math.exp(q[this.layout.sigma]!), rng);
  }

  /**
   * One draw's weekly decomposition in KPI units: each channel's contribution into `channels[c]`,
   * intercept + controls + trend + seasonality (+ the HSGP) into `base`, and the HSGP alone into
   * `timeVarying` when given. Returns the natural parameters.
   */
  decompose(q: Float64Array, channels: Float64Array[], base: Float64Array, timeVarying?: Float64Array): BayesParams {
    const p = this.constrain(q); // fills the channel buffers
    const k = this.yScale;
    this.#state.forEach((b, c) => {
      const f = k * p.channels[c]!.beta;
      for (let t = 0; t < this.n; t++) channels[c]![t] = f * b.h[t]!;
    });
    base.fill(k * p.intercept);
    this.z.forEach((z, j) => addScaled(base, k * p.base[j]!, z));
    timeVarying?.fill(0);
    this.gp?.basis.forEach((phi, j) => {
      addScaled(base, k * p.gp!.w[j]!, phi);
      if (timeVarying) addScaled(timeVarying, k * p.gp!.w[j]!, phi);
    });
    return p;
  }

  /** Steady-state weekly KPI of channel `c` at a constant weekly spend (normalised adstock keeps a constant); R&F channels through their reach curve (rfSpend.ts). */
  response(p: ChannelParams, c: number, weeklySpend: number): number {
    if (this.layout.channels[c]!.rf) return rfResponse(this.data.channels[c]!, this.layout.channels[c]!.curve, p.theta, p.roas, weeklySpend).value;
    const scale = this.data.channels[c]!.scale;
    return this.yScale * p.beta * this.layout.channels[c]!.curve.value(weeklySpend / scale, p.theta);
  }

  /** d response / d weekly spend: the marginal ROAS at that spend. */
  marginal(p: ChannelParams, c: number, weeklySpend: number): number {
    if (this.layout.channels[c]!.rf) return rfResponse(this.data.channels[c]!, this.layout.channels[c]!.curve, p.theta, p.roas, weeklySpend).marginal;
    const scale = this.data.channels[c]!.scale;
    const ev = this.#state[c]!.ev1;
    // Hill curves with slope < 1 are vertical at zero: use the slope just above it.
    this.layout.channels[c]!.curve.evaluate(Math.max(weeklySpend / scale, 1e-6), p.theta, ev);
    return (this.yScale * p.beta * ev[1]!) / scale;
  }

  /** Log density (fully normalised priors and likelihood); fills `grad`. */
  logpGrad(q: Float64Array, grad: Float64Array): number {
    grad.fill(0);
    const L = this.layout;
    if (!this.#channels(q)) return -Infinity;
    const block = this.#block;
    const b0 = block ? 0 : this.#intercept(q);
    const mu = this.#mu.fill(b0);
    const nc = this.#state.length;
    const coef = this.#coef;
    for (let c = 0; c < nc; c++) coef[c] = this.#state[c]!.beta;
    if (!block) {
      for (let k = 0; k < this.z.length; k++) coef[nc + k] = q[L.base + k]!;
      this.gp?.weights(q, L.gp, this.#gpW);
    }
    addColumns(mu, coef, this.#cols);
    const sigma = Math.exp(q[L.sigma]!);
    if (L.nu >= 0) (this.#lik as SampledStudentT).nu = Math.exp(q[L.nu]!);
    // mu now holds ∂/∂μ; the integrated block adds the gradient of log ℓ and log η.
    let lp = block ? block.logLik(q, L.gp, this.#y, mu, sigma, this.#out, grad) : this.#lik.logLik(this.#y, mu, sigma, this.#out);
    if (!Number.isFinite(lp)) return -Infinity;
    if (L.nu >= 0) lp += this.#nuGradient(q[L.nu]!, grad);
    const P = this.#priors;
    grad[L.sigma]! += this.#out[0]! - (sigma * sigma) / P.sigma ** 2 + 1;
    lp += halfNormalLogpdf(sigma, P.sigma) + q[L.sigma]!;
    if (!block) lp += this.#baseGradients(q, b0, grad);
    if (this.gp && !block) {
      dotColumns(this.#mu, this.gp.basis, this.#gpG);
      lp += this.gp.logPrior(q, L.gp, this.#gpG, this.#gpW, grad);
    }
    for (let c = 0; c < nc; c++) this.#state[c]!.likelihoodGradient(this.#mu);
    if (!block) this.#centredIntercept();
    if (this.#lifts.size) lp += this.#lifts.logLik(this.#state);
    if (this.#shares.size) lp += this.#shares.logPrior(this.#state);
    lp += this.#channelGradients(q, grad);
    return lp;
  }

  /** Adstock and saturation of every channel with their partials; β per channel. False if a channel has no response. */
  #channels(q: Float64Array): boolean {
    const chans = this.layout.channels;
    let ok = true;
    for (let c = 0; c < chans.length; c++) {
      const ch = chans[c]!;
      const st = this.#state[c]!;
      ch.curve.constrain(q, ch.sat, st.theta, st.dtheta);
      ch.adstock.declared.constrain(q, ch.decay, st.phi, st.dphi);
      if (ch.rf) rfSeries(ch.rf, st.phi[0]!, this.lMax, st.theta, ch.curve, st, st.sums);
      else ch.adstock.series(this.#adstock[c]!, st.phi, st.theta, st, st.sums, ch.curve);
      const S = st.sums[0]!;
      if (ch.roas) {
        // ROAS parameterisation: contribution β·S·yScale = ROAS·spend fixes β.
        st.beta = (Math.exp(q[ch.effect]!) * this.data.channels[c]!.total) / (this.yScale * S);
        if (!(S > 0)) ok = false;
      } else {
        // Response parameterisation: β = r / h(ā); keep ∂log β/∂θ = −(∂h/∂θ)/h at ā for the chain rule.
        const ev = st.ev;
        ch.curve.evaluate(ch.ref, st.theta, ev);
        // R&F: the reference input is mean reach × Hill(mean frequency); the reach factor leaves ∂log β/∂θ alone.
        st.beta = Math.exp(q[ch.effect]!) / (ch.rf ? ch.rf.reachRef * ev[0]! : ev[0]!);
        for (let j = 0; j < st.dLogBeta.length; j++) st.dLogBeta[j] = -ev[2 + j]! / ev[0]!;
        if (!(ev[0]! > 0)) ok = false;
      }
    }
    return ok;
  }

  /** A sampled ν: the likelihood's ∂/∂ν (in #out[1]) through ν = e^u, and its prior on u. */
  #nuGradient(u: number, grad: Float64Array): number {
    const [lp, d] = logNuPrior(u);
    grad[this.layout.nu]! += this.#out[1]! * Math.exp(u) + d;
    return lp;
  }

  /** Each lift test's model lift in KPI units at a draw, in the order given. */
  liftsAt(q: Float64Array): number[] {
    this.#channels(q);
    return this.#lifts.lifts(this.#state).map((v) => v * this.yScale);
  }

  /** Chain rule to the unconstrained channel parameters, plus priors and Jacobians. */
  #channelGradients(q: Float64Array, grad: Float64Array): number {
    const P = this.#priors;
    let lp = 0;
    const chans = this.layout.channels;
    for (let c = 0; c < chans.length; c++) {
      const ch = chans[c]!;
      const st = this.#state[c]!;
      const { beta, gBeta, gTheta, sums } = st;
      const k = gTheta.length;
      const ga = st.gAdstock;
      const m = ga.length;
      if (ch.roas) {
        // β = R·k/S: ∂β/∂φ = −β·Sφ/S, ∂β/∂θ = −β·Sθ/S (sums: [S, Sφ…, Sθ…]).
        const f = (-gBeta * beta) / sums[0]!;
        for (let j = 0; j < m; j++) ga[j]! += f * sums[1 + j]!;
        for (let j = 0; j < k; j++) gTheta[j]! += f * sums[1 + m + j]!;
        const e = q[ch.effect]!;
        grad[ch.effect]! += gBeta * beta - (e - ch.roas.mu) / ch.roas.sigma ** 2;
        lp += normalLogpdf(e, ch.roas.mu, ch.roas.sigma); // LogNormal(R)·|dR/de| = Normal(e)
      } else {
        // d log p / d log β at fixed θ (likelihood, HalfNormal prior, Jacobian of log β), then through β = r/h(ā).
        const gLogBeta = gBeta * beta - (beta * beta) / P.beta ** 2 + 1;
        grad[ch.effect]! += gLogBeta;
        for (let j = 0; j < k; j++) gTheta[j]! += gLogBeta * st.dLogBeta[j]!;
        lp += halfNormalLogpdf(beta, P.beta) + Math.log(beta);
      }
      // The adstock: likelihood chain rule, the registry's priors on their mapped domains, Jacobians.
      lp += ch.adstock.declared.logPrior(q, ch.decay, st.phi, st.dphi, grad, ga);
      for (let j = 0; j < k; j++) grad[ch.sat + j]! += gTheta[j]! * st.dtheta[j]!;
      lp += ch.curve.logPrior(q, ch.sat, st.theta, st.dtheta, grad);
    }
    return lp;
  }

  /**
   * The intercept from the sampled level (see layout.ts): b₀ = level − Σ_c β_c·S_c/n, S_c = Σ_t h_ct.
   * A shear with unit Jacobian, so the intercept keeps its Normal prior and the posterior is unchanged.
   */
  #intercept(q: Float64Array): number {
    let b0 = q[0]!;
    for (const st of this.#state) b0 -= (st.beta * st.sums[0]!) / this.n;
    return b0;
  }

  /** ∂log p/∂b₀ reaches each channel's β, adstock and saturation through b₀'s −β·S/n (sums: [S, Sφ…, Sθ…]). */
  #centredIntercept(): void {
    const f = this.#gIntercept / this.n;
    this.layout.channels.forEach((ch, c) => {
      const st = this.#state[c]!;
      const m = ch.adstock.k;
      st.gBeta -= f * st.sums[0]!;
      for (let j = 0; j < m; j++) st.gAdstock[j]! -= f * st.beta * st.sums[1 + j]!;
      for (let j = 0; j < st.gTheta.length; j++) st.gTheta[j]! -= f * st.beta * st.sums[1 + m + j]!;
    });
  }

  /** Intercept and base coefficients: likelihood gradient and Normal priors. */
  #baseGradients(q: Float64Array, b0: number, grad: Float64Array): number {
    const g = this.#mu;
    const P = this.#priors;
    let gi = 0;
    for (let t = 0; t < this.n; t++) gi += g[t]!;
    this.#gIntercept = gi - b0 / P.intercept ** 2;
    grad[0]! += this.#gIntercept;
    let lp = normalLogpdf(b0, 0, P.intercept);
    dotColumns(g, this.z, this.#zg);
    for (let k = 0; k < this.z.length; k++) {
      const i = this.layout.base + k;
      grad[i]! += this.#zg[k]! - q[i]! / (P.base * P.base);
      lp += normalLogpdf(q[i]!, 0, P.base);
    }
    return lp;
  }
}

function standardise(col: Float64Array): Float64Array {
  const m = col.reduce((s, v) => s + v, 0) / col.length;
  const sd = Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0) / col.length) || 1;
  return col.map((v) => (v - m) / sd);
}
