/**
 * The Hill curve h(a) = σ(S·(log a − log K)) sampled as (u, log S), u = logit h(ā) = S·(log ā − log K):
 * where the curve stands at the channel's average level ā, and its slope. The data see the curve
 * over the observed levels; in (log K, log S) what they pin bends: near saturation the elasticity
 * at ā, S·(K/ā)^S, ties log S to S·log K (a banana), and a weak or flat channel leaves both free
 * along it (the corpus: 40–137 divergent transitions of 4,000 per fit with Hill, none with
 * logistic). In (u, log S) the same elasticity, S·σ(−u), is a straight ridge, and in the power
 * regime (K above the data) u alone is left to the prior. The priors stay on K and S (the
 * transform's declared ones): log K = log ā − u/S, Jacobian |∂(K, S)/∂(u, log S)| = K.
 */
import type { PriorTerm } from "./unconstrained";

export class HillAtReference {
  /** Unconstrained names in the declared order (K, S). */
  static readonly names = ["logit_h_ref", "log_S"] as const;
  readonly #logRef: number;
  /** ∂K/∂(log S) of the current evaluation (the map's one off-diagonal term). */
  #dKds = 0;

  constructor(reference: number) {
    this.#logRef = Math.log(reference);
  }

  /** θ = (K, S) and the diagonal of ∂θ/∂(u, log S) from q[at], q[at + 1]. */
  constrain(q: Float64Array, at: number, theta: Float64Array, dtheta: Float64Array): void {
    const u = q[at]!;
    const s = q[at + 1]!;
    const S = Math.exp(s);
    const w = Math.exp(-s);
    const K = Math.exp(this.#logRef - u * w);
    theta[0] = K;
    theta[1] = S;
    dtheta[0] = -K * w;
    dtheta[1] = S;
    this.#dKds = K * u * w;
  }

  /** grad[at…] += ∂log p/∂θ (`g`, natural K and S) through the map. */
  chain(g: Float64Array, dtheta: Float64Array, grad: Float64Array, at: number): void {
    grad[at]! += g[0]! * dtheta[0]!;
    grad[at + 1]! += g[1]! * dtheta[1]! + g[0]! * this.#dKds;
  }

  /** log p(K) + log p(S) + log K (the Jacobian), with its gradient in (u, log S) added to grad[at…]. */
  logPrior(q: Float64Array, at: number, theta: Float64Array, priors: readonly PriorTerm[], grad: Float64Array): number {
    const K = theta[0]!;
    const S = theta[1]!;
    const pK = priors[0]!;
    const pS = priors[1]!;
    // d/d log K of log p(K) + log K; log K moves with u (−1/S) and with log S (u/S).
    const a = pK.dlogp(K) * K + 1;
    const w = 1 / S;
    grad[at]! += -a * w;
    grad[at + 1]! += a * q[at]! * w + pS.dlogp(S) * S;
    return pK.logp(K) + pS.logp(S) + Math.log(K);
  }
}
