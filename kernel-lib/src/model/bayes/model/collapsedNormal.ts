/**
 * A Normal likelihood with a linear block integrated out analytically: y = μ + Xb + ε with
 * b ~ Normal(0, diag(d²)) and ε ~ Normal(0, σ²I), so y − μ ~ Normal(0, σ²I + X diag(d²) Xᵀ).
 * Sampling this marginal instead of b removes b from the sampler's space, and with it b's
 * correlation with everything else in μ (in the geo model: each geo's intercept against its media
 * effects, the ridge that kept the chains apart on large geos). b's conditional posterior
 * Normal(m, A⁻¹) is available for each draw afterwards (Rao–Blackwellisation), so nothing is lost.
 * In the scaled coefficients b = D^½·u (S = D^½ = diag(d)), with A' = I + S XᵀX S/σ² (p × p), the
 * matrix determinant lemma and Woodbury give the density in O(n·p + p³):
 * log|σ²I + XDXᵀ| = n log σ² + log|A'|, and rᵀ(σ²I + XDXᵀ)⁻¹r = (rᵀr − c'ᵀm')/σ² with c' = S Xᵀr,
 * m' = A'⁻¹c'/σ²; b's conditional mean is m = S m', its covariance S A'⁻¹ S. Scaled, a prior sd that
 * underflows to 0 (an HSGP's fast basis functions at a long length-scale) just drops its column;
 * the unscaled form A = XᵀX/σ² + D⁻¹ overflowed there (log p = −∞ at ℓ ≳ 300 weeks on 200 weeks).
 * The prior sds may change between evaluations (`setPriorSd`: an HSGP's weights have the spectral
 * density of the sampled length-scale and amplitude as sds); `logLik` then also gives
 * ∂log p/∂log dⱼ = ((A⁻¹)ⱼⱼ + mⱼ²)/dⱼ² − 1 = (A'⁻¹)ⱼⱼ + m'ⱼ² − 1 (Fisher's identity: the prior's
 * score bⱼ²/dⱼ² − 1 averaged over b's conditional posterior), from the L⁻¹ the σ gradient needs anyway.
 */
import type { Rng } from "../../../math/random";
import { addColumns, dot, dotColumns } from "./columns";
import type { Likelihood } from "./likelihood";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export class CollapsedNormal implements Likelihood {
  readonly kind = "normal" as const;
  /** Number of integrated coefficients. */
  readonly p: number;
  readonly #cols: Float64Array[];
  /** XᵀX and S XᵀX S (row-major p × p). */
  readonly #xtx: Float64Array;
  readonly #sxs: Float64Array;
  /** Prior sd dⱼ per coefficient. */
  readonly #sd: Float64Array;
  /** (A'⁻¹)ⱼⱼ of the last `logLik`. */
  readonly #ainv: Float64Array;
  /** Work buffers: A''s Cholesky factor, c' = S Xᵀr, m', and L⁻¹. */
  readonly #l: Float64Array;
  readonly #c: Float64Array;
  readonly #m: Float64Array;
  readonly #li: Float64Array;
  /** −dⱼ·m'ⱼ (scratch). */
  readonly #k: Float64Array;
  /** columnGradients' scratch: −V columns/σ² (row per column) and posterior means. */
  readonly #w: Float64Array;
  readonly #mj: Float64Array;

  /** @param cols the block's regressors (each of length n); @param priorSd each coefficient's prior sd. */
  constructor(cols: Float64Array[], priorSd: readonly number[]) {
    const p = cols.length;
    this.p = p;
    this.#cols = [...cols];
    this.#xtx = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) this.#xtx[i * p + j] = dot(cols[i]!, cols[j]!);
    this.#sxs = new Float64Array(p * p);
    this.#sd = Float64Array.from(priorSd);
    this.#l = new Float64Array(p * p);
    this.#c = new Float64Array(p);
    this.#m = new Float64Array(p);
    this.#li = new Float64Array(p * p);
    this.#ainv = new Float64Array(p);
    this.#k = new Float64Array(p);
    this.#w = new Float64Array(p * p);
    this.#mj = new Float64Array(p);
    this.#scale();
  }

  /** Sets the prior sds of coefficients `from`, `from + 1`, … to `sd` (the earlier ones keep theirs). */
  setPriorSd(sd: ArrayLike<number>, from = 0): void {
    for (let j = 0; j < sd.length; j++) this.#sd[from + j] = sd[j]!;
    this.#scale();
  }

  /**
   * Replaces columns from, from + 1, … by `cols` (their XᵀX rows and columns; O(n·p) each): the geo
   * model's channel columns change with the sampled adstock and saturation. Keeps references to
   * `cols`' arrays, which the caller may refill and set again.
   */
  setColumns(from: number, cols: readonly Float64Array[]): void {
    const p = this.p;
    cols.forEach((col, c) => (this.#cols[from + c] = col));
    const row = this.#c;
    for (let j = from; j < from + cols.length; j++) {
      dotColumns(this.#cols[j]!, this.#cols, row);
      for (let i = 0; i < p; i++) {
        const v = row[i]!;
        this.#xtx[i * p + j] = v;
        this.#xtx[j * p + i] = v;
        this.#sxs[i * p + j] = this.#sd[i]! * this.#sd[j]! * v;
        this.#sxs[j * p + i] = this.#sxs[i * p + j]!;
      }
    }
  }

  /**
   * After `logLik` (whose ∂/∂μ = e/σ² is `gmu`): ∂log p/∂Xₜⱼ for columns j = from, from + 1, … into
   * outs[j − from], by Fisher's identity E[(y − μ − Xb)ₜ bⱼ]/σ² = gmuₜ·mⱼ − (X V)ₜⱼ/σ², V = S A'⁻¹ S b's
   * conditional covariance. With a prior mean b₀ folded into μ (μ + X b₀, b − b₀ integrated), add
   * b₀ⱼ·gmuₜ: the caller's part.
   */
  columnGradients(from: number, gmu: Float64Array, sigma: number, outs: readonly Float64Array[]): void {
    const p = this.p;
    const J = outs.length;
    const li = this.#li;
    const w = this.#w;
    const s = sigma * sigma;
    // w[c·p + i] = −(V)ᵢⱼ/σ², (A'⁻¹)ᵢⱼ = Σₗ (L⁻¹)ₗᵢ (L⁻¹)ₗⱼ with L⁻¹ lower triangular (from #traceAinv in logLik).
    for (let c = 0; c < J; c++) {
      const j = from + c;
      for (let i = 0; i < p; i++) {
        let v = 0;
        for (let l = Math.max(i, j); l < p; l++) v += li[l * p + i]! * li[l * p + j]!;
        w[c * p + i] = (-this.#sd[i]! * v * this.#sd[j]!) / s;
      }
      this.#mj[c] = this.#sd[j]! * this.#m[j]!;
    }
    for (let c = 0; c < J; c++) {
      const out = outs[c]!;
      const mj = this.#mj[c]!;
      for (let t = 0; t < out.length; t++) out[t] = gmu[t]! * mj;
      addColumns(out, w.subarray(c * p, c * p + p), this.#cols);
    }
  }

  /** b's conditional posterior mean of coefficient j after `logLik` (the folded prior mean excluded). */
  posteriorMean(j: number): number {
    return this.#sd[j]! * this.#m[j]!;
  }

  /**
   * log p(y | μ, σ) with b integrated out; overwrites `mu` with ∂/∂μ = (r − Xm)/σ² and writes
   * ∂/∂log σ = −n + tr(A'⁻¹(A' − I)) + |r − Xm|²/σ² = −n + p − tr(A'⁻¹) + |r − Xm|²/σ² into out[0].
   * With `gLogD`, adds ∂log p/∂log dⱼ of coefficients `from`, `from + 1`, … into gLogD[0], gLogD[1], ….
   */
  logLik(y: Float64Array, mu: Float64Array, sigma: number, out: Float64Array, gLogD?: Float64Array, from = 0): number {
    const n = y.length;
    const s = sigma * sigma;
    let rr = 0;
    for (let t = 0; t < n; t++) {
      const r = y[t]! - mu[t]!;
      mu[t] = r;
      rr += r * r;
    }
    const logDetA = this.#solve(mu, s);
    if (!Number.isFinite(logDetA)) return -Infinity;
    const m = this.#m;
    let cm = 0;
    for (let j = 0; j < this.p; j++) cm += this.#c[j]! * m[j]!;
    let ee = 0;
    const k = this.#k;
    for (let j = 0; j < this.p; j++) k[j] = -this.#sd[j]! * m[j]!;
    addColumns(mu, k, this.#cols);
    for (let t = 0; t < n; t++) {
      const e = mu[t]!;
      ee += e * e;
      mu[t] = e / s;
    }
    out[0] = -n + this.p - this.#traceAinv() + ee / s;
    if (gLogD) for (let j = 0; j < gLogD.length; j++) gLogD[j]! += this.#ainv[from + j]! + m[from + j]! ** 2 - 1;
    return -n * (HALF_LOG_2PI + Math.log(sigma)) - 0.5 * logDetA - 0.5 * ((rr - cm) / s);
  }

  /**
   * b's conditional posterior given μ and σ: its mean m, or with `rng` a draw S(m' + L⁻ᵀε) (A' = LLᵀ).
   * @example new CollapsedNormal([ones], [2]).coefficients(y, mu, 0.1)[0] // the intercept's posterior mean
   */
  coefficients(y: Float64Array, mu: Float64Array, sigma: number, rng?: Rng): Float64Array {
    const r = Float64Array.from(y, (v, t) => v - mu[t]!);
    if (!Number.isFinite(this.#solve(r, sigma * sigma))) return new Float64Array(this.p).fill(Number.NaN);
    const u = Float64Array.from(this.#m);
    const p = this.p;
    if (rng) {
      const e = Float64Array.from({ length: p }, () => rng.normal(0, 1));
      // Back-substitution Lᵀ v = ε gives v ~ Normal(0, A'⁻¹).
      for (let i = p - 1; i >= 0; i--) {
        let v = e[i]!;
        for (let k = i + 1; k < p; k++) v -= this.#l[k * p + i]! * e[k]!;
        e[i] = v / this.#l[i * p + i]!;
        u[i]! += e[i]!;
      }
    }
    return u.map((v, j) => v * this.#sd[j]!);
  }

  /** S XᵀX S from the current sds. */
  #scale(): void {
    const p = this.p;
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) this.#sxs[i * p + j] = this.#sd[i]! * this.#sd[j]! * this.#xtx[i * p + j]!;
  }

  /** Factor A' = I + S XᵀX S/s into #l, c' = S Xᵀr, m' = A'⁻¹c'/s; returns log|A'| (NaN if A' is not positive definite). */
  #solve(r: Float64Array, s: number): number {
    const p = this.p;
    const l = this.#l;
    let logDet = 0;
    dotColumns(r, this.#cols, this.#c);
    for (let i = 0; i < p; i++) {
      this.#c[i]! *= this.#sd[i]!;
      for (let j = 0; j <= i; j++) {
        let v = this.#sxs[i * p + j]! / s + (i === j ? 1 : 0);
        for (let k = 0; k < j; k++) v -= l[i * p + k]! * l[j * p + k]!;
        if (i === j) {
          if (!(v > 0)) return Number.NaN;
          l[i * p + i] = Math.sqrt(v);
          logDet += Math.log(v);
        } else l[i * p + j] = v / l[j * p + j]!;
      }
    }
    const m = this.#m;
    for (let i = 0; i < p; i++) {
      let v = this.#c[i]! / s;
      for (let k = 0; k < i; k++) v -= l[i * p + k]! * m[k]!;
      m[i] = v / l[i * p + i]!;
    }
    for (let i = p - 1; i >= 0; i--) {
      let v = m[i]!;
      for (let k = i + 1; k < p; k++) v -= l[k * p + i]! * m[k]!;
      m[i] = v / l[i * p + i]!;
    }
    return logDet;
  }

  /** tr(A'⁻¹) from the current factor: (A'⁻¹)ⱼⱼ = Σₖ (L⁻¹)ₖⱼ² (kept for the log dⱼ gradient). */
  #traceAinv(): number {
    const p = this.p;
    const l = this.#l;
    const li = this.#li.fill(0);
    for (let j = 0; j < p; j++) {
      li[j * p + j] = 1 / l[j * p + j]!;
      for (let i = j + 1; i < p; i++) {
        let v = 0;
        for (let k = j; k < i; k++) v -= l[i * p + k]! * li[k * p + j]!;
        li[i * p + j] = v / l[i * p + i]!;
      }
    }
    let tr = 0;
    for (let j = 0; j < p; j++) {
      let d = 0;
      for (let k = j; k < p; k++) d += li[k * p + j]! ** 2;
      this.#ainv[j] = d;
      tr += d;
    }
    return tr;
  }
}
