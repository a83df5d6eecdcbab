/**
 * The search objective: fit the ridge MMM at a fixed penalty under candidate media parameters
 * and score NRMSE and DECOMP.RSSD. The penalty is chosen once by GCV (refitted at the end), and
 * the baseline block of the cross-products is computed once, so an evaluation costs the media
 * transforms, their cross-products and one small Cholesky solve.
 */
import { solveCentred, type CrossProducts } from "../../math/ridge";
import type { MediaParams } from "../media";
import { decompRssd } from "../metrics";
import type { MmmData } from "../mmmData";
import { searchMediaInto } from "./kernel";

export interface Score {
  nrmse: number;
  decompRssd: number;
}

/** Scores media parameters against one dataset at a fixed penalty. */
export class Scorer {
  readonly #data: MmmData;
  readonly #lambda: number;
  /** Centred baseline columns, their cross-products with each other and with y. */
  readonly #base: Float64Array[];
  readonly #bb: Float64Array;
  readonly #by: Float64Array;
  readonly #baseMean: Float64Array;
  readonly #ymean: number;
  readonly #yc: Float64Array;
  readonly #range: number;
  readonly #buffers: Float64Array[] = [];
  readonly #yy: number;

  constructor(data: MmmData, lambda: number) {
    this.#data = data;
    this.#lambda = lambda;
    const n = data.n;
    this.#ymean = data.y.reduce((a, b) => a + b, 0) / n;
    this.#yc = data.y.map((v) => v - this.#ymean);
    this.#baseMean = Float64Array.from(data.base.cols, (c) => c.reduce((a, b) => a + b, 0) / n);
    this.#base = data.base.cols.map((c, j) => c.map((v) => v - this.#baseMean[j]!));
    const B = this.#base.length;
    this.#bb = new Float64Array(B * B);
    for (let i = 0; i < B; i++) for (let j = 0; j < B; j++) this.#bb[i * B + j] = dot(this.#base[i]!, this.#base[j]!);
    this.#by = Float64Array.from(this.#base, (c) => dot(c, this.#yc));
    this.#range = Math.max(...data.y) - Math.min(...data.y);
    this.#yy = dot(this.#yc, this.#yc);
  }

  /** NRMSE and DECOMP.RSSD of the ridge fit under `params` (one per channel, in order). */
  score(params: MediaParams[]): Score {
    const media = this.#media(params);
    const cp = this.#crossProducts(media);
    const { coef, intercept } = solveCentred(
      cp,
      this.#lambda,
      Array.from(cp.mean, (_, j) => j < media.length),
    );
    const n = this.#data.n;
    const fitted = new Float64Array(n).fill(intercept);
    const cols = [...media, ...this.#data.base.cols];
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j]!;
      const b = coef[j]!;
      if (b !== 0) for (let t = 0; t < n; t++) fitted[t]! += b * c[t]!;
    }
    let sse = 0;
    for (let t = 0; t < n; t++) sse += (this.#data.y[t]! - fitted[t]!) ** 2;
    const effects = media.map((_m, i) => coef[i]! * cp.mean[i]! * n);
    const rssd = decompRssd(
      effects,
      this.#data.channels.map((c) => c.total),
    );
    return { nrmse: Math.sqrt(sse / this.#data.n) / this.#range, decompRssd: Number.isFinite(rssd) ? rssd : 1 };
  }

  /** Media columns into reused buffers (the fused kernel for the search's geometric + Hill family). */
  #media(params: MediaParams[]): Float64Array[] {
    return this.#data.channels.map((ch, i) => searchMediaInto(ch.spend, ch.scale, params[i]!, (this.#buffers[i] ??= new Float64Array(this.#data.n))));
  }

  #crossProducts(media: Float64Array[]): CrossProducts {
    const n = this.#data.n;
    const C = media.length;
    const B = this.#base.length;
    const p = C + B;
    const mean = new Float64Array(p);
    for (let i = 0; i < C; i++) {
      const m = media[i]!;
      let s = 0;
      for (let t = 0; t < n; t++) s += m[t]!;
      mean[i] = s / n;
    }
    mean.set(this.#baseMean, C);
    // Raw cross-products of media with everything, centred afterwards: Σ(a−ā)(b−b̄) = Σab − n·ā·b̄
    // for two media columns, and Σ a·(b−b̄) for a media column against a centred baseline column.
    const xx = new Float64Array(p * p);
    const xy = new Float64Array(p);
    const yc = this.#yc;
    for (let i = 0; i < C; i++) {
      const a = media[i]!;
      xy[i] = dot(a, yc);
      for (let j = i; j < C; j++) xx[i * p + j] = xx[j * p + i] = dot(a, media[j]!) - n * mean[i]! * mean[j]!;
      for (let b = 0; b < B; b++) xx[i * p + C + b] = xx[(C + b) * p + i] = dot(a, this.#base[b]!);
    }
    for (let a = 0; a < B; a++) {
      xy[C + a] = this.#by[a]!;
      for (let b = 0; b < B; b++) xx[(C + a) * p + C + b] = this.#bb[a * B + b]!;
    }
    return { n, p, mean, ymean: this.#ymean, xx, xy, yy: this.#yy };
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * NRMSE scaled up by DECOMP.RSSD: nrmse × (1 + w × rssd). Relative, so the tie-breaker matters
 * where fits are equally good (noisy data, where a free search otherwise hands one channel an
 * implausible share) and hardly at all where the data pin the fit down (clean data).
 */
export function combined(s: Score, decompWeight: number): number {
  return s.nrmse * (1 + decompWeight * s.decompRssd);
}
