/**
 * The report's refresh section (engine.refresh): what was added or replaced, and per refitted fit
 * how the saved model predicted the new weeks, each channel's ROAS and contribution before and
 * after with their intervals, and why it moved (drift or more data, by the rule stated under the
 * table). Absent when no refresh was made.
 */
import type { FitRefresh, RefreshReport } from "../model/refresh/types";
import { fmtInterval, fmtPct, mdTable } from "./format";

const signedPct = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(100 * v).toFixed(0)}%`;

function fitPart(f: FitRefresh): string {
  const rows = f.channels.map((c) => [
    c.name,
    fmtInterval(c.roas.before.mean, c.roas.before.hdi94),
    fmtInterval(c.roas.after.mean, c.roas.after.hdi94),
    `${c.roas.change >= 0 ? "+" : ""}${c.roas.change.toFixed(2)} (${signedPct(c.roas.relativeChange)})`,
    fmtInterval(c.contribution.before.mean, c.contribution.before.hdi94),
    fmtInterval(c.contribution.after.mean, c.contribution.after.hdi94),
    c.drift ? `${signedPct(c.drift.gamma)} (z ${c.drift.z.toFixed(1)})` : "—",
    c.why === "drift" ? "**drift**" : "more data",
  ]);
  const table = mdTable(["channel", "ROAS before", "ROAS after", "change", "contribution before", "contribution after", "effect change γ", "why"], rows, ["l", "r", "r", "r", "r", "r", "r", "l"]);
  const o = f.outOfSample;
  const oos = o
    ? `The saved model forecast the ${o.weeks} new weeks with ${fmtPct(o.mape)} MAPE (in sample ${fmtPct(o.inSampleMape)}); its 94% band covered ${fmtPct(o.coverage94)} of them.`
    : "No week after the saved end: nothing to forecast.";
  const s = f.sampler;
  const how = s
    ? `${s.warmStart ? "Warm-started from the saved posterior" : "Cold start"}: ${s.chains} × (${s.warmup} warm-up + ${s.draws}) draws in ${s.seconds.toFixed(1)} s, max R-hat ${s.maxRhat.toFixed(3)}, ${s.divergences} divergences${s.note ? ` (${s.note})` : ""}.`
    : f.ridge
      ? `${f.ridge.keptMedia ? "Refitted with the saved adstock/saturation parameters and penalty" : "Refitted with the penalty searched again"} (λ ${f.ridge.lambda.toPrecision(3)}).`
      : "";
  const reasons = f.channels.map((c) => `- ${c.reason}`).join("\n");
  return `**${f.kind === "bayesian" ? "Bayesian" : "Ridge"} fit**: ${f.before.weeks} weeks (${f.before.start} to ${f.before.end}) → ${f.after.weeks} weeks (to ${f.after.end}). ${oos} ${how}\n\n${table}\n\n${reasons}`;
}

/** The section's Markdown, or undefined without a refresh. */
export function refreshSection(r: RefreshReport | undefined): string | undefined {
  if (!r) return undefined;
  const added = r.added.weeks ? `${r.added.weeks} new week(s) (${r.added.from} to ${r.added.to})` : "no new week";
  const replaced = r.replaced.weeks ? `; ${r.replaced.weeks} saved week(s) replaced by the new values (${r.replaced.from} to ${r.replaced.to})` : "";
  const warnings = r.warnings.map((w) => `> ⚠ ${w}`).join("\n>\n");
  return [
    "## Model refresh",
    `The saved model was refreshed with ${added}${replaced}. Contributions are totals over each fit's weeks; intervals are 94% HDIs.`,
    ...r.fits.map(fitPart),
    `_Why: ${r.rule}_`,
    ...(warnings ? [warnings] : []),
  ].join("\n\n");
}
