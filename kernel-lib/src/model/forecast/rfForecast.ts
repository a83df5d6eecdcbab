/**
 * A reach & frequency channel in a forecast. The observed weeks keep their own media input,
 * reach × Hill(frequency) as the density fitted it; the forecast weeks have planned spend only, so
 * their input is the channel's spend curve at the week's spend (rfSpend.ts: reach and frequency
 * from its reach curve, calibrated so the historical mean spend gives the fitted contribution).
 * Both in KPI units, then the normalised geometric adstock carries the observed weeks into the
 * forecast, as in the fit; no saturation after it (Meridian's form).
 */
import type { BayesMmmDensity, ChannelParams } from "../bayes/mmmDensity";
import { adstockWeights } from "../bayes/model/rfMedia";

/** The channel's weekly contribution (KPI units) over observed then forecast weeks of `spend` (length n + h). */
export function rfForecastSeries(d: BayesMmmDensity, c: number, cp: ChannelParams, spend: Float64Array, n: number): Float64Array {
  const ch = d.layout.channels[c]!;
  const rf = ch.rf!;
  const f = d.yScale * cp.beta;
  const x = Float64Array.from(spend, (s, t) => (t < n ? (rf.reach[t]! > 0 ? f * rf.reach[t]! * ch.curve.value(rf.frequency[t]!, cp.theta) : 0) : d.response(cp, c, s)));
  const { w } = adstockWeights(cp.decay, d.lMax);
  return Float64Array.from(x, (_, t) => {
    let a = 0;
    for (let l = 0; l < w.length && l <= t; l++) a += w[l]! * x[t - l]!;
    return a;
  });
}
