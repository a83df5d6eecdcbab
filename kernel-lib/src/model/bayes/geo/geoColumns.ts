/** The geo density's fixed columns: base columns standardised, controls centred per geo. */

/** Each geo's series minus its mean, all divided by the pooled sd (1 for a control constant in every geo). */
export function centredPerGeo(values: Float64Array[]): Float64Array[] {
  const centred = values.map((v) => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return v.map((x) => x - m);
  });
  const n = centred.reduce((a, v) => a + v.length, 0);
  const sd = Math.sqrt(centred.reduce((a, v) => a + v.reduce((s, x) => s + x * x, 0), 0) / n) || 1;
  return centred.map((v) => v.map((x) => x / sd));
}

export function standardise(col: Float64Array): Float64Array {
  const m = col.reduce((s, v) => s + v, 0) / col.length;
  const sd = Math.sqrt(col.reduce((s, v) => s + (v - m) ** 2, 0) / col.length) || 1;
  return col.map((v) => (v - m) / sd);
}
