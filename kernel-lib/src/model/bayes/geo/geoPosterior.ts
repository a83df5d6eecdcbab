/**
 * A fitted geo model as the what-if and budget model: the density and every chain's draws, and the
 * steady-state response of each geo × channel cell, r_gc(s) = kpiScale_g · β_gc · h(s / scale_gc; θ_c)
 * (the national model's convention: normalised adstock, so a steady weekly spend s adstocks to s).
 * National curves keep each channel's geo split at its current shares (spend s of a channel goes
 * s · share_gc to geo g); `cellResponses` frees the split for the per-geo budget. Posterior means
 * use ≤ BUDGET_DRAWS thinned draws, the same ones the uplift's HDI comes from.
 */
import type { ChannelResponse } from "../../response";
import { bandOf, thin } from "../outputs/bands";
import { BUDGET_DRAWS, type ResponseCurveBand } from "../outputs/curves";
import { uncertain, type Uncertain } from "../posterior";
import type { ChainResult } from "../sampler";
import type { GeoMmmDensity, GeoParams } from "./geoDensity";

/** One geo × channel cell's posterior-mean response, named `channel@geo`. */
export interface GeoCellResponse extends ChannelResponse {
  geo: string;
  channel: string;
}

/** The budget's name of a geo × channel cell. */
export const cellName = (channel: string, geo: string) => `${channel}@${geo}`;

export class GeoPosterior {
  readonly density: GeoMmmDensity;
  readonly chains: readonly ChainResult[];
  #params?: GeoParams[];
  #used?: GeoParams[];

  constructor(density: GeoMmmDensity, chains: readonly ChainResult[], params?: GeoParams[]) {
    this.density = density;
    this.chains = chains;
    this.#params = params;
  }

  /** Unconstrained draws of all chains, pooled. */
  get draws(): Float64Array[] {
    return this.chains.flatMap((c) => c.draws);
  }

  /** Natural parameters of every pooled draw (computed once). */
  get params(): GeoParams[] {
    return (this.#params ??= this.draws.map((q) => this.density.constrain(q)));
  }

  /** The thinned draws behind means and uplifts. */
  get #draws(): GeoParams[] {
    return (this.#used ??= thin(this.params, BUDGET_DRAWS));
  }

  /** Weekly response of cell (g, c) under draw p at weekly spend s. */
  cellValue(p: GeoParams, g: number, c: number, s: number): number {
    const ch = this.density.data.channels[c]!;
    const pc = p.channels[c]!;
    return this.density.data.kpiScale[g]! * pc.beta[g]! * this.density.layout.channels[c]!.curve.value(s / ch.scale[g]!, pc.theta);
  }

  /** d response / d weekly spend of cell (g, c) under draw p (just above zero for curves vertical there). */
  cellMarginal(p: GeoParams, g: number, c: number, s: number): number {
    const ch = this.density.data.channels[c]!;
    const pc = p.channels[c]!;
    const ev = new Float64Array(2 + this.density.layout.channels[c]!.curve.k);
    this.density.layout.channels[c]!.curve.evaluate(Math.max(s / ch.scale[g]!, 1e-6), pc.theta, ev);
    return (this.density.data.kpiScale[g]! * pc.beta[g]! * ev[1]!) / ch.scale[g]!;
  }

  /** Per channel, per geo: the geo's share of the channel's spend over the data. */
  shares(): Float64Array[] {
    return this.density.data.channels.map((ch) => {
      const sum = ch.total.reduce((a, b) => a + b, 0);
      return ch.total.map((v) => v / sum);
    });
  }

  /** Posterior-mean response of every geo × channel cell (geo-major), for the per-geo budget. */
  cellResponses(): GeoCellResponse[] {
    const d = this.density.data;
    const used = this.#draws;
    return d.geos.flatMap((geo, g) =>
      d.channels.map((ch, c) => {
        // The optimiser calls these thousands of times: per draw only the amplitude and θ, one buffer.
        const curve = this.density.layout.channels[c]!.curve;
        const scale = ch.scale[g]!;
        const amp = Float64Array.from(used, (p) => d.kpiScale[g]! * p.channels[c]!.beta[g]!);
        const theta = used.map((p) => p.channels[c]!.theta);
        const ev = new Float64Array(2 + curve.k);
        const mean = (s: number, k: 0 | 1) => {
          let v = 0;
          for (let i = 0; i < amp.length; i++) {
            curve.evaluate(k === 0 ? s / scale : Math.max(s / scale, 1e-6), theta[i]!, ev);
            v += amp[i]! * ev[k]!;
          }
          return k === 0 ? v / amp.length : v / amp.length / scale;
        };
        return { name: cellName(ch.name, geo), geo, channel: ch.name, currentWeekly: ch.total[g]! / d.n, response: (s: number) => mean(s, 0), marginal: (s: number) => mean(s, 1) };
      }),
    );
  }

  /** National posterior-mean response per channel at the current geo split. */
  responses(): ChannelResponse[] {
    const d = this.density.data;
    const shares = this.shares();
    return d.channels.map((ch, c) => ({
      name: ch.name,
      currentWeekly: ch.total.reduce((a, b) => a + b, 0) / d.n,
      response: (s: number) => this.#mean((p) => this.#national(p, c, s, shares[c]!)),
      marginal: (s: number) => this.#mean((p) => shares[c]!.reduce((a, w, g) => a + (w > 0 ? w * this.cellMarginal(p, g, c, s * w) : 0), 0)),
    }));
  }

  /** Uplift over current spend of a national horizon allocation (channels at the current geo split), under every draw. */
  uplift(allocation: Record<string, number>, weeks: number): Uncertain {
    const d = this.density.data;
    const shares = this.shares();
    return uncertain(
      this.#draws.map((p) =>
        d.channels.reduce((sum, ch, c) => {
          const now = ch.total.reduce((a, b) => a + b, 0) / d.n;
          const next = ch.name in allocation ? allocation[ch.name]! / weeks : now;
          return sum + weeks * (this.#national(p, c, next, shares[c]!) - this.#national(p, c, now, shares[c]!));
        }, 0),
      ),
    );
  }

  /** Uplift over current spend of a per-cell horizon allocation (`channel@geo` → money), under every draw. */
  cellUplift(allocation: Record<string, number>, weeks: number): Uncertain {
    const d = this.density.data;
    return uncertain(
      this.#draws.map((p) => {
        let sum = 0;
        d.geos.forEach((geo, g) =>
          d.channels.forEach((ch, c) => {
            const now = ch.total[g]! / d.n;
            const name = cellName(ch.name, geo);
            const next = name in allocation ? allocation[name]! / weeks : now;
            sum += weeks * (this.cellValue(p, g, c, next) - this.cellValue(p, g, c, now));
          }),
        );
        return sum;
      }),
    );
  }

  /** National response curves (weekly spend at the current geo split → weekly KPI) with 94% bands. */
  responseCurves(opts: { points?: number; upTo?: number } = {}): ResponseCurveBand[] {
    const d = this.density.data;
    const points = opts.points ?? 50;
    const shares = this.shares();
    const used = thin(this.params);
    return d.channels.map((ch, c) => {
      const weekly = ch.total.reduce((a, b) => a + b, 0) / d.n;
      const top = (opts.upTo ?? 1.5) * Math.max(weekly, nationalPeak(ch.spend));
      const spend = Array.from({ length: points }, (_, k) => (top * k) / (points - 1));
      const series = used.map((p) => Float64Array.from(spend, (s) => this.#national(p, c, s, shares[c]!)));
      return {
        channel: ch.name,
        spend,
        response: bandOf(series),
        current: {
          spend: weekly,
          response: uncertain(used.map((p) => this.#national(p, c, weekly, shares[c]!))),
          mroas: uncertain(used.map((p) => shares[c]!.reduce((a, w, g) => a + (w > 0 ? w * this.cellMarginal(p, g, c, weekly * w) : 0), 0))),
        },
      };
    });
  }

  #national(p: GeoParams, c: number, s: number, share: Float64Array): number {
    let v = 0;
    for (let g = 0; g < share.length; g++) if (share[g]! > 0) v += this.cellValue(p, g, c, s * share[g]!);
    return v;
  }

  #mean(f: (p: GeoParams) => number): number {
    const used = this.#draws;
    let s = 0;
    for (const p of used) s += f(p);
    return s / used.length;
  }
}

/** The highest national weekly spend (sum over geos) of a channel. */
function nationalPeak(spend: readonly Float64Array[]): number {
  let top = 0;
  for (let t = 0; t < (spend[0]?.length ?? 0); t++)
    top = Math.max(
      top,
      spend.reduce((a, x) => a + x[t]!, 0),
    );
  return top;
}
