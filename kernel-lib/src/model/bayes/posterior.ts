/**
 * Posterior quantities of the Bayesian MMM computed draw by draw: each channel's total
 * contribution (in KPI units), ROAS and marginal ROAS at its average weekly spend, summarised as
 * mean, sd and 94% HDI.
 */
import type { MmmData } from "../mmmData";
import { adstockWithDerivative, type BayesMmmDensity } from "./mmmDensity";

/** Mean, standard deviation and 94% highest-density interval of a quantity's draws. */
export interface Uncertain {
  mean: number;
  sd: number;
  hdi94: [number, number];
}

export interface ChannelPosterior {
  name: string;
  spend: number;
  contribution: Uncertain;
  roas: Uncertain;
  mroas: Uncertain;
  decay: Uncertain;
  lam: Uncertain;
}

/** Summaries of draws: mean, sd and the narrowest interval holding 94% of them. */
export function uncertain(draws: ArrayLike<number>, prob = 0.94): Uncertain {
  const v = Float64Array.from(draws).sort();
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  const k = Math.max(1, Math.floor(prob * n));
  let best = 0;
  for (let i = 1; i + k < n; i++) if (v[i + k]! - v[i]! < v[best + k]! - v[best]!) best = i;
  return { mean, sd, hdi94: [v[best]!, v[Math.min(n - 1, best + k)]!] };
}

/** Per-channel posterior summaries from unconstrained draws (all chains pooled). */
export function channelPosteriors(data: MmmData, density: BayesMmmDensity, draws: Float64Array[], lMax = 8): ChannelPosterior[] {
  const a = new Float64Array(data.n);
  const da = new Float64Array(data.n);
  return data.channels.map((ch, c) => {
    const x = ch.spend.map((v) => v / ch.scale);
    const weekly = ch.total / data.n / ch.scale; // average weekly spend, scaled
    const contribution: number[] = [];
    const mroas: number[] = [];
    const decay: number[] = [];
    const lam: number[] = [];
    for (const q of draws) {
      const p = density.constrain(q).channels[c]!;
      adstockWithDerivative(x, p.decay, lMax, a, da);
      let s = 0;
      for (let t = 0; t < data.n; t++) s += Math.tanh((p.lam * a[t]!) / 2);
      contribution.push(s * p.beta * density.yScale);
      // Steady state: normalised adstock of a constant s is s, so response = β·tanh(λ·s/2).
      const th = Math.tanh((p.lam * weekly) / 2);
      mroas.push((p.beta * density.yScale * (p.lam / 2) * (1 - th * th)) / ch.scale);
      decay.push(p.decay);
      lam.push(p.lam);
    }
    return {
      name: ch.name,
      spend: ch.total,
      contribution: uncertain(contribution),
      roas: uncertain(contribution.map((v) => v / ch.total)),
      mroas: uncertain(mroas),
      decay: uncertain(decay),
      lam: uncertain(lam),
    };
  });
}
