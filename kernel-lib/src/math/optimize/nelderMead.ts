/**
 * Nelder–Mead on the unit box (points are clipped to [0, 1]^d): a derivative-free local optimiser
 * for refining the best starts of a hyper-parameter search.
 */

export interface NelderMeadResult {
  x: Float64Array;
  value: number;
  evaluations: number;
}

const clip = (v: number) => Math.min(1, Math.max(0, v));

/** Minimise f from x0 with an initial simplex of relative size `step`. */
export function nelderMead(f: (x: Float64Array) => number, x0: Float64Array, opts: { maxEvaluations?: number; step?: number; tolerance?: number } = {}): NelderMeadResult {
  const d = x0.length;
  const maxEval = opts.maxEvaluations ?? 200 * d;
  const tol = opts.tolerance ?? 1e-7;
  let evaluations = 0;
  const evalAt = (x: Float64Array) => {
    evaluations++;
    return f(x);
  };
  let simplex = [Float64Array.from(x0, clip)];
  for (let i = 0; i < d; i++) {
    const v = Float64Array.from(simplex[0]!);
    v[i] = v[i]! + (v[i]! > 0.5 ? -1 : 1) * (opts.step ?? 0.1);
    simplex.push(v);
  }
  let values = simplex.map(evalAt);
  while (evaluations < maxEval) {
    const order = values
      .map((v, i) => [v, i] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, i]) => i);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[d]! - values[0]!) <= tol * (Math.abs(values[0]!) + 1e-12)) break;
    const centroid = new Float64Array(d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) centroid[j]! += simplex[i]![j]! / d;
    const along = (t: number) => Float64Array.from(centroid, (c, j) => clip(c + t * (simplex[d]![j]! - c)));
    const reflected = along(-1);
    const fr = evalAt(reflected);
    if (fr < values[0]!) {
      const expanded = along(-2);
      const fe = evalAt(expanded);
      [simplex[d], values[d]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[d - 1]!) {
      [simplex[d], values[d]] = [reflected, fr];
    } else {
      const contracted = along(fr < values[d]! ? -0.5 : 0.5);
      const fc = evalAt(contracted);
      if (fc < Math.min(fr, values[d]!)) [simplex[d], values[d]] = [contracted, fc];
      else {
        for (let i = 1; i <= d; i++) {
          simplex[i] = Float64Array.from(simplex[i]!, (v, j) => clip(simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!)));
          values[i] = evalAt(simplex[i]!);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best]!, value: values[best]!, evaluations };
}
