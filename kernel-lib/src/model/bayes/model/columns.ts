/**
 * Column kernels of the density's mean: μ += Σⱼ kⱼ·vⱼ and gⱼ = g·vⱼ over the weeks, four columns per
 * pass (the density's hot loops besides the channel series; moved out of mmmDensity.ts unchanged).
 */

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let t = 0; t < a.length; t++) s += a[t]! * b[t]!;
  return s;
}

export function addScaled(out: Float64Array, k: number, v: Float64Array): void {
  for (let t = 0; t < out.length; t++) out[t]! += k * v[t]!;
}

/** out += Σⱼ kⱼ·vⱼ, four columns per pass over `out` (a pass per column is bound by its loads and stores). */
export function addColumns(out: Float64Array, k: Float64Array, v: readonly Float64Array[]): void {
  const n = out.length;
  let j = 0;
  for (; j + 3 < v.length; j += 4) {
    const k0 = k[j]!,
      k1 = k[j + 1]!,
      k2 = k[j + 2]!,
      k3 = k[j + 3]!;
    const v0 = v[j]!,
      v1 = v[j + 1]!,
      v2 = v[j + 2]!,
      v3 = v[j + 3]!;
    for (let t = 0; t < n; t++) out[t] = out[t]! + (k0 * v0[t]! + k1 * v1[t]! + k2 * v2[t]! + k3 * v3[t]!);
  }
  const left = v.length - j;
  if (left === 3) {
    const k0 = k[j]!,
      k1 = k[j + 1]!,
      k2 = k[j + 2]!;
    const v0 = v[j]!,
      v1 = v[j + 1]!,
      v2 = v[j + 2]!;
    for (let t = 0; t < n; t++) out[t] = out[t]! + (k0 * v0[t]! + k1 * v1[t]! + k2 * v2[t]!);
  } else if (left === 2) {
    const k0 = k[j]!,
      k1 = k[j + 1]!;
    const v0 = v[j]!,
      v1 = v[j + 1]!;
    for (let t = 0; t < n; t++) out[t] = out[t]! + (k0 * v0[t]! + k1 * v1[t]!);
  } else if (left === 1) addScaled(out, k[j]!, v[j]!);
}

/** out[j] = g·vⱼ, four columns per pass (four independent sums instead of one latency-bound chain). */
export function dotColumns(g: Float64Array, v: readonly Float64Array[], out: Float64Array): void {
  const n = g.length;
  let j = 0;
  for (; j + 3 < v.length; j += 4) {
    const v0 = v[j]!,
      v1 = v[j + 1]!,
      v2 = v[j + 2]!,
      v3 = v[j + 3]!;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let t = 0; t < n; t++) {
      const gt = g[t]!;
      s0 += gt * v0[t]!;
      s1 += gt * v1[t]!;
      s2 += gt * v2[t]!;
      s3 += gt * v3[t]!;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  if (v.length - j >= 2) {
    // Two more columns in one pass (p = 11 leaves 3: a pair and a single).
    const v0 = v[j]!,
      v1 = v[j + 1]!;
    let s0 = 0,
      s1 = 0;
    for (let t = 0; t < n; t++) {
      const gt = g[t]!;
      s0 += gt * v0[t]!;
      s1 += gt * v1[t]!;
    }
    out[j] = s0;
    out[j + 1] = s1;
    j += 2;
  }
  for (; j < v.length; j++) {
    const vj = v[j]!;
    let s = 0;
    for (let t = 0; t < n; t++) s += g[t]! * vj[t]!;
    out[j] = s;
  }
}
