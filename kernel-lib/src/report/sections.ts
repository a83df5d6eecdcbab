/**
 * The Markdown sections of an analysis report: data, model fit, ROI, budget, notes, caveats.
 * Each takes what was done (possibly nothing) and says so plainly.
 */
import type { DataStep } from "../engine";
import type { BudgetPlan, TargetPlan } from "../model/budget";
import type { SaturationChoice } from "../model/bayes/result";
import { fmtInterval, fmtNumber, fmtPct, fmtSigned, mdTable } from "./format";
import type { DataSummary, ModelView } from "./gather";

/** A note from the analysis history (tool add_analysis_note). */
export interface AnalysisNote {
  at: string;
  phase?: string;
  text: string;
}

/** One line for a preparation step. */
export function describeStep(s: DataStep): string {
  // biome-ignore lint/suspicious/noExplicitAny: detail differs per step
  const d = s.detail as Record<string, any>;
  const shape = s.rows >= 0 ? ` → ${fmtNumber(s.rows)} rows × ${s.columns} columns` : ` → ${s.columns} columns`;
  switch (s.step) {
    case "load":
      return `load: ${[d.source?.kind, d.source?.format].filter(Boolean).join(" ")}${shape}`;
    case "clean": {
      const filled = Object.keys(d.nullsFilled ?? {}).length;
      return `clean: ${fmtNumber(d.duplicatesRemoved ?? 0)} duplicate(s) removed, ${fmtNumber(d.rowsDroppedForNulls ?? 0)} row(s) dropped for missing KPI, nulls filled in ${filled} column(s)${shape}`;
    }
    case "aggregate_weekly":
      return `aggregate_weekly: weeks starting ${d.plan?.weekStart ?? "monday"}, ${d.plan?.sum?.length ?? 0} column(s) summed, ${d.plan?.mean?.length ?? 0} averaged${d.plan?.pivoted?.length ? `, pivoted into ${d.plan.pivoted.join(", ")}` : ""}${shape}`;
    case "add_time_features":
      return `add_time_features: ${(d.added ?? []).length} column(s) added${shape}`;
    default:
      return `${s.step}${shape}`;
  }
}

const list = (xs: readonly string[] | undefined) => (xs?.length ? xs.map((x) => `\`${x}\``).join(", ") : "none");

/** Data summary: source, shape, period, roles and steps. */
export function dataSection(d: DataSummary | undefined): string {
  if (!d) return "## Data\n\nNo data has been loaded yet: nothing to report. Load a table with `loadData(source)` (tool `load_data`).";
  const src = d.source ? [d.source.kind, d.source.format, d.source.location].filter(Boolean).join(" · ") : "unknown";
  const lines = [
    `- **Source:** ${src}`,
    `- **Rows × columns:** ${fmtNumber(d.rows)} × ${d.columns}${d.granularity ? ` (${d.granularity})` : ""}`,
    `- **Period:** ${d.start && d.end ? `${d.start} to ${d.end}` : "unknown"}${d.weeks !== undefined ? ` (${fmtNumber(d.weeks)} weeks)` : ""}`,
    `- **KPI:** ${d.kpi ? `\`${d.kpi}\`` : "not identified"}${d.date ? ` · **date:** \`${d.date}\`` : ""}${d.geo ? ` · **geo:** \`${d.geo}\`` : ""}`,
    `- **Media channels (spend):** ${list(d.channels)}`,
    `- **Controls:** ${list(d.controls)}`,
    ...(d.organic?.length ? [`- **Organic media (no spend):** ${list(d.organic)}`] : []),
  ];
  const steps = d.steps.map((s, i) => `${i + 1}. ${describeStep(s)}`).join("\n");
  return `## Data\n\n${lines.join("\n")}\n\n**Steps applied**\n\n${steps || "none"}`;
}

function metricsLine(m: ModelView): string {
  const x = m.metrics;
  const parts = [`R² ${fmtNumber(x.r2)}`, `MAPE ${fmtPct(x.mape)}`, `NRMSE ${fmtNumber(x.nrmse)}`];
  if (x.decompRssd !== undefined) parts.push(`DECOMP.RSSD ${fmtNumber(x.decompRssd)}`);
  if (x.coverage94 !== undefined) parts.push(`94% predictive coverage ${fmtPct(x.coverage94)}`);
  if (x.holdout) parts.push(`holdout (last ${x.holdout.weeks} weeks) R² ${fmtNumber(x.holdout.r2)}, MAPE ${fmtPct(x.holdout.mape)}`);
  return parts.join(" · ");
}

function modelBlock(m: ModelView): string {
  const title = m.kind === "bayesian" ? "Bayesian MMM (NUTS posterior)" : "Ridge MMM";
  const lines = [`### ${title}`, "", `- **Period:** ${m.start ?? "?"} to ${m.end ?? "?"} (${fmtNumber(m.weeks)} weeks)${m.kpi ? `, KPI \`${m.kpi}\`` : ""}`, `- **Fit:** ${metricsLine(m)}`];
  lines.push(`- **Channels:** ${list(m.roi.map((c) => c.name))}${m.controls ? ` · **controls:** ${list(m.controls)}` : ""}`);
  const d = m.diagnostics;
  if (d) {
    const secs = d.seconds !== undefined ? `, ${fmtNumber(d.seconds)} s` : "";
    lines.push(
      `- **Sampler:** ${d.chains} chains × ${fmtNumber(d.draws)} draws${secs} · max R-hat ${fmtNumber(d.maxRhat)} · min ESS bulk ${fmtNumber(d.minEssBulk)} / tail ${fmtNumber(d.minEssTail)} · divergences ${fmtNumber(d.divergences)}`,
    );
  }
  if (m.saturationChoice) lines.push(`- **Saturation:** ${saturationLine(m.saturationChoice)}`);
  if (m.excluded.length) lines.push(`- **Excluded:** ${m.excluded.map((e) => `\`${e.name}\` (${e.reason})`).join("; ")}`);
  if (m.warnings.length) lines.push("", "Warnings from the fit:", "", ...m.warnings.map((w) => `- ${w}`));
  return lines.join("\n");
}

/**
 * What a `saturation: "auto"` fit chose, against the other family, with the ELPD difference (chosen − other) ± its SE.
 * @example saturationLine(choice); // "hill chosen over logistic by PSIS-LOO (ΔELPD +8.8 ± 2.9)."
 */
export function saturationLine(c: SaturationChoice): string {
  const chosen = c.table.find((r) => r.name === c.choice);
  const best = c.table[0];
  const other = chosen === best ? c.table[1] : best;
  if (!chosen || !other) return `${c.choice} (the only family fitted).`;
  // The table's elpdDiff is each row's distance below the best (≥ 0), so the chosen one leads by the other's or trails by its own.
  const diff = chosen === best ? other.elpdDiff : -chosen.elpdDiff;
  const se = chosen === best ? other.dse : chosen.dse;
  // chooseCandidate's rule (validation/compareSpecs.ts): a lead under 4 ELPD or 2 SE keeps the first-listed family.
  const close = diff >= 4 && diff >= 2 * se ? "" : "; too close to tell apart, so the first-listed stays";
  // One decimal, as the choice's reason gives ELPD (validation/compareSpecs.ts).
  return `${c.choice} chosen over ${other.name} by PSIS-LOO (ΔELPD ${diff < 0 ? "−" : "+"}${Math.abs(diff).toFixed(1)} ± ${se.toFixed(1)}${close}).`;
}

/** Model fit of every fitted model (the primary first). */
export function modelSection(models: ModelView[], hasData: boolean): string {
  if (!models.length) return `## Model fit\n\n${hasData ? "No model has been fitted yet: run the ridge MMM (`runRidgeMMM`, tool `run_ols_mmm`) or the Bayesian MMM (`runBayesianMMM`)." : "No model: no data is loaded."}`;
  return `## Model fit\n\n${models.map(modelBlock).join("\n\n")}`;
}

/** ROI table of the primary model; Bayesian numbers as mean [94% HDI]. `preview`: the ridge fit was also run. */
export function roiSection(m: ModelView | undefined, preview = false): string {
  if (!m) return "## Return on investment\n\nNot available: no model has been fitted.";
  const rows = [...m.roi].sort((a, b) => b.roas - a.roas);
  const bayes = m.kind === "bayesian";
  const body = rows.map((c) => [c.name, fmtNumber(c.spend), fmtInterval(c.contribution, c.contributionHdi), fmtInterval(c.roas, c.roasHdi), fmtInterval(c.mroas, c.mroasHdi)]);
  const totalSpend = rows.reduce((a, c) => a + c.spend, 0);
  const totalContribution = rows.reduce((a, c) => a + c.contribution, 0);
  body.push(["**Total media**", fmtNumber(totalSpend), fmtNumber(totalContribution), totalSpend > 0 ? fmtNumber(totalContribution / totalSpend) : "–", ""]);
  const header = ["Channel", "Spend", "Contribution", "ROAS", "Marginal ROAS"];
  const source = bayes ? `From the Bayesian model: posterior mean [94% HDI]${preview ? "; the ridge model was the quick preview (its point estimates are in the roi_ridge table)" : ""}.` : "From the ridge model: point estimates.";
  const intro = `${source} Spend and contribution are totals over the ${fmtNumber(m.weeks)} modelled weeks; marginal ROAS is at the current average weekly spend.`;
  return `## Return on investment\n\n${intro}\n\n${mdTable(header, body, ["l", "r", "r", "r", "r"])}${organicTable(m)}`;
}

/** Organic media have no spend: contribution and KPI per unit of their activity instead of ROAS. */
function organicTable(m: ModelView): string {
  if (!m.organic?.length) return "";
  const body = m.organic.map((o) => [o.name, fmtNumber(o.activity), fmtInterval(o.contribution, o.contributionHdi), fmtInterval(o.perUnit, o.perUnitHdi)]);
  const table = mdTable(["Organic medium", "Activity", "Contribution", "KPI per unit"], body, ["l", "r", "r", "r"]);
  return `\n\n**Organic media** (no spend, so no ROAS and no budget; activity in the column's own unit):\n\n${table}`;
}

/** Current → recommended allocation with change %, uplift (and its HDI), and the plan's warnings. */
export function budgetSection(plan: BudgetPlan | undefined, source?: string): string {
  if (!plan) return "## Budget recommendation\n\nNo budget optimisation was run (`optimizeBudget(total)`, tool `optimize_budget`).";
  const names = Object.keys(plan.allocation);
  const rows = names.map((n) => {
    const cur = plan.current[n] ?? 0;
    const rec = plan.allocation[n]!;
    return [n, fmtNumber(cur), fmtNumber(rec), fmtSigned(rec - cur), cur > 0 ? fmtSigned((rec - cur) / cur, true) : "new", fmtNumber(plan.mroas[n]), plan.status[n] ?? ""];
  });
  const cur = names.reduce((a, n) => a + (plan.current[n] ?? 0), 0);
  rows.push(["**Total**", fmtNumber(cur), fmtNumber(plan.total), fmtSigned(plan.total - cur), cur > 0 ? fmtSigned((plan.total - cur) / cur, true) : "", "", ""]);
  const table = mdTable(["Channel", "Current", "Recommended", "Change", "Change %", "Marginal ROAS", "Bound"], rows, ["l", "r", "r", "r", "r", "r", "l"]);
  const u = plan.upliftPosterior;
  const uplift = `**Expected uplift:** ${fmtSigned(plan.uplift)} KPI over ${plan.weeks} weeks (${fmtSigned(plan.upliftPct / 100, true)}; from ${fmtNumber(plan.currentExpected)} to ${fmtNumber(plan.expected)} media-driven KPI)${u ? `; 94% HDI of the uplift [${fmtNumber(u.hdi94[0])}, ${fmtNumber(u.hdi94[1])}]` : ""}.`;
  const warnings = plan.warnings.length ? `\n\n${plan.warnings.map((w) => `- ${w}`).join("\n")}` : "";
  const from = source ?? (u ? "the Bayesian model's posterior-mean response curves" : "the ridge model's response curves");
  const t = "target" in plan ? (plan as TargetPlan).target : undefined;
  const target = t ? ` Total chosen for the ${t.kind} target ${fmtNumber(t.value)}: achieved ${fmtNumber(t.achieved)}${t.binding ? "" : " (not binding: met at the edge of the totals searched)"}.` : "";
  return `## Budget recommendation\n\nHorizon ${plan.weeks} weeks, total ${fmtNumber(plan.total)}; from ${from}.${target}\n\n${table}\n\n${uplift}${warnings}`;
}

/** The analysis notes in the order they were taken. */
export function notesSection(notes: readonly AnalysisNote[]): string {
  if (!notes.length) return "## Analysis notes\n\nNo notes were recorded.";
  return `## Analysis notes\n\n${notes.map((n) => `- **${n.at}**${n.phase ? ` (${n.phase})` : ""}: ${n.text.replace(/\r?\n/g, " ")}`).join("\n")}`;
}

/** Caveats: generated ones first, then the caller's. */
export function caveatsSection(caveats: readonly string[]): string {
  if (!caveats.length) return "## Caveats\n\nNone flagged automatically. The usual MMM limits apply: correlational evidence, effects assumed stable over the period.";
  return `## Caveats\n\n${caveats.map((c) => `- ${c}`).join("\n")}`;
}
