/**
 * Per channel of a refreshed fit: ROAS and contribution before and after, the change, and why —
 * the drift rule of model/refresh/drift.ts — in one sentence an analyst can read.
 */
import { refreshReason } from "../model/refresh/drift";
import type { ChannelDrift, ChannelRefresh, Estimate } from "../model/refresh/types";

/** One channel's estimates in a fit. */
export interface Before {
  name: string;
  roas: Estimate;
  contribution: Estimate;
}

const f2 = (v: number) => v.toFixed(2);
const pct = (v: number) => `${v >= 0 ? "+" : ""}${(100 * v).toFixed(0)}%`;

function sentence(name: string, change: number, rel: number, drift: ChannelDrift | undefined, why: ChannelRefresh["why"], within?: boolean): string {
  const moved = `${name}'s ROAS moved ${change >= 0 ? "up" : "down"} ${f2(Math.abs(change))} (${pct(rel)})`;
  if (!drift) return `${moved}: no new week after the saved end to test for drift, so the change comes from the revised or added data.`;
  const evidence = `the saved model's errors on the new weeks follow its contribution with γ = ${pct(drift.gamma)} (z = ${drift.z.toFixed(1)})`;
  if (why === "drift") return `${moved} — drift: ${evidence}, so its effect changed; the refreshed estimate follows the new weeks.`;
  const inside = within === undefined ? "" : within ? ", within the saved 94% HDI" : ", outside the saved 94% HDI";
  return `${moved}${inside} — more data: the saved model predicts its part of the new weeks (${evidence.replace("the saved model's errors on the new weeks follow", "errors vs")}), so the estimate moved because more weeks were added${within === false ? " (the refit re-balances the channels and the baseline over the whole span: a drifted channel can pull the others)" : ""}.`;
}

/**
 * The channels of the refreshed fit, matched by name to the saved fit's.
 * @example channelRefresh(before, after, channelDrift(forecast))[0].why; // "drift"
 */
export function channelRefresh(before: readonly Before[], after: readonly Before[], drift: Record<string, ChannelDrift | undefined>): ChannelRefresh[] {
  return after.flatMap((a) => {
    const b = before.find((x) => x.name === a.name);
    if (!b) return [];
    const change = a.roas.mean - b.roas.mean;
    const rel = b.roas.mean !== 0 ? change / Math.abs(b.roas.mean) : 0;
    const d = drift[a.name];
    const why = refreshReason(d);
    const hdi = b.roas.hdi94;
    const within = hdi ? a.roas.mean >= hdi[0] && a.roas.mean <= hdi[1] : undefined;
    return [
      {
        name: a.name,
        roas: { before: b.roas, after: a.roas, change, relativeChange: rel },
        contribution: { before: b.contribution, after: a.contribution },
        ...(within === undefined ? {} : { withinBefore: within }),
        ...(d ? { drift: d } : {}),
        why,
        reason: sentence(a.name, change, rel, d, why, within),
      },
    ];
  });
}
