/**
 * Contribution-share priors: belief about the share of the KPI a channel drove over the data
 * (contribution / Σ KPI, e.g. from an attribution study or a previous model), as a LogNormal matched to
 * the given mean and sd on that share — a soft constraint on a derived quantity, like PyMC-Marketing's
 * potentials on contributions. The share is β·Σh·yScale / Σy, so its gradient in β, the adstock and the
 * saturation parameters comes from the channel's series sums the density already has.
 */
import { MMMError, closestNames } from "../../../errors";
import type { MmmData } from "../../mmmData";
import type { ChannelState } from "./channelState";
import { logNormalParams, normalLogpdf } from "./priors";

/** Belief about a channel's share of the KPI total (0.12 = 12%). */
export interface ContributionPrior {
  mean: number;
  sd: number;
}

interface Compiled {
  channel: number;
  mu: number;
  sigma: number;
}

/** The contribution-share priors of one density. */
export class ContributionPriors {
  readonly #priors: Compiled[];
  /** yScale / Σy: the share per unit of β·Σh. */
  readonly #k: number;

  /**
   * @throws MMMError INVALID_ARGUMENT for a name that is not a channel ("*" is every channel) or a mean outside (0, 1) or sd ≤ 0.
   */
  constructor(spec: Record<string, ContributionPrior> | undefined, data: MmmData, yScale: number) {
    const names = data.channels.map((c) => c.name);
    const total = data.y.reduce((a, v) => a + v, 0);
    this.#k = yScale / total;
    this.#priors = Object.entries(spec ?? {}).flatMap(([name, p]) => {
      if (name !== "*" && !names.includes(name)) {
        const near = closestNames(name, names);
        throw new MMMError(
          "INVALID_ARGUMENT",
          `contributionPriors names "${name}", which is not a channel of the model.`,
          near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : `Use one of: ${names.join(", ")} (or "*" for all).`,
          { value: name },
        );
      }
      if (!(p.mean > 0 && p.mean < 1) || !(p.sd > 0)) {
        throw new MMMError("INVALID_ARGUMENT", `Contribution-share prior of "${name}" needs 0 < mean < 1 and sd > 0, got mean ${p.mean}, sd ${p.sd}.`, "Give the channel's share of the KPI total, e.g. { mean: 0.12, sd: 0.03 }.", {
          value: p,
        });
      }
      if (!(total > 0)) throw new MMMError("INVALID_ARGUMENT", "Contribution-share priors need a KPI with a positive total.", "Drop contributionPriors or use ROAS priors.", { value: total });
      const { mu, sigma } = logNormalParams(p);
      const channels = name === "*" ? names.map((_, c) => c).filter((c) => !(names[c]! in spec!)) : [names.indexOf(name)];
      return channels.map((channel) => ({ channel, mu, sigma }));
    });
  }

  get size(): number {
    return this.#priors.length;
  }

  /** Σ log p(share_c) at the channels' current series (`states`); adds ∂/∂β, ∂/∂φ, ∂/∂θ into their accumulators. */
  logPrior(states: readonly ChannelState[]): number {
    let lp = 0;
    for (const p of this.#priors) {
      const st = states[p.channel]!;
      const share = st.beta * st.sums[0]! * this.#k;
      if (!(share > 0)) return -Infinity;
      const l = Math.log(share);
      lp += normalLogpdf(l, p.mu, p.sigma) - l;
      // d log p / d share, then share = k·β·S with S = Σh: ∂/∂β = k·S, ∂/∂φⱼ = k·β·Σ∂h/∂φⱼ, ∂/∂θⱼ likewise.
      const g = ((-1 - (l - p.mu) / (p.sigma * p.sigma)) / share) * this.#k;
      const m = st.gAdstock.length;
      st.gBeta += g * st.sums[0]!;
      for (let j = 0; j < m; j++) st.gAdstock[j]! += g * st.beta * st.sums[1 + j]!;
      for (let j = 0; j < st.gTheta.length; j++) st.gTheta[j]! += g * st.beta * st.sums[1 + m + j]!;
    }
    return lp;
  }
}
