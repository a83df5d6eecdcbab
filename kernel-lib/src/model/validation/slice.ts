/**
 * The first weeks of a model's arrays, as if the data had ended there: what a held-out fit trains
 * on. Scales and totals are the training weeks' own (nothing of the held-out weeks leaks in); the
 * trend keeps its origin (the first week), so trend and Fourier terms mean the same in both.
 */
import { MMMError } from "../../errors";
import type { MmmData } from "../mmmData";

/**
 * `data` cut to its first `weeks` weeks.
 * @throws MMMError INVALID_ARGUMENT when a channel has no spend (or constant spend) in those weeks.
 */
export function firstWeeks(data: MmmData, weeks: number): MmmData {
  const channels = data.channels.map((c) => {
    const spend = c.spend.slice(0, weeks);
    const max = spend.reduce((a, b) => Math.max(a, b), 0);
    const min = spend.reduce((a, b) => Math.min(a, b), Infinity);
    if (!(max > min))
      throw new MMMError(
        "INVALID_ARGUMENT",
        `Channel '${c.name}' has ${max === 0 ? "no" : "constant"} spend in the first ${weeks} training weeks.`,
        "Hold out fewer weeks (or fewer folds), so every channel varies in each training window.",
        {
          column: c.name,
        },
      );
    const rf = c.rf && { reach: c.rf.reach.slice(0, weeks), frequency: c.rf.frequency.slice(0, weeks) };
    // Organic and R&F flags stay: the held-out fit is the same model on fewer weeks.
    return { ...c, spend, scale: max, total: spend.reduce((a, b) => a + b, 0), ...(rf ? { rf } : {}) };
  });
  return {
    ...data,
    n: weeks,
    days: data.days.slice(0, weeks),
    y: data.y.slice(0, weeks),
    channels,
    base: { names: data.base.names, kind: data.base.kind, cols: data.base.cols.map((c) => c.slice(0, weeks)) },
    warnings: [],
  };
}
