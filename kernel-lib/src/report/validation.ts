/**
 * The report's out-of-sample section: the Bayesian fit's held-out scores next to its in-sample ones
 * (per origin), and the last comparison of specifications by PSIS-LOO with the choice and its reason.
 * Absent when neither was run, so a report without them reads as before.
 */
import type { ModelComparison } from "../model/validation/compareSpecs";
import type { ValidationResult } from "../model/validation/holdout";
import { fmtNumber, fmtPct, mdTable } from "./format";

function validationPart(v: ValidationResult): string {
  const rows = v.folds.map((f) => [f.origin, String(f.trainWeeks), String(f.testWeeks), fmtPct(f.inSample.mape), fmtPct(f.outOfSample.mape), fmtPct(f.outOfSample.coverage94)]);
  if (v.folds.length > 1) rows.push(["mean", "", "", fmtPct(v.inSample.mape), fmtPct(v.outOfSample.mape), fmtPct(v.outOfSample.coverage94)]);
  const how = v.folds.length > 1 ? `rolling-origin cross-validation over ${v.folds.length} origins, ${v.holdoutWeeks} weeks each` : `the last ${v.holdoutWeeks} weeks held out`;
  const s = v.sampler;
  const table = mdTable(["first held-out week", "training weeks", "held-out weeks", "in-sample MAPE", "out-of-sample MAPE", "94% band coverage"], rows, ["l", "r", "r", "r", "r", "r"]);
  const verdict = v.warnings.length ? v.warnings.map((w) => `> ⚠ ${w}`).join("\n>\n") : "Out-of-sample accuracy is in line with the in-sample fit.";
  return `**Held-out weeks** (${how}; each refit ${s.chains} × (${s.warmup} + ${s.draws}) draws, seed ${s.seed}; the held-out weeks are forecast with their true spend, carry-over included)\n\n${table}\n\n${verdict}`;
}

function comparisonPart(c: ModelComparison): string {
  const rows = c.table.map((r) => [r.name, fmtNumber(r.elpd), fmtNumber(r.se), fmtNumber(r.elpdDiff), fmtNumber(r.dse), fmtNumber(r.pLoo), String(r.highK)]);
  const table = mdTable(["candidate", "ELPD-LOO", "SE", "difference to best", "SE of difference", "p_loo", "weeks with high k̂"], rows, ["l", "r", "r", "r", "r", "r", "r"]);
  return `**Model comparison** (PSIS-LOO: leave-one-week-out predictive accuracy, higher is better)\n\n${table}\n\n${c.reason}`;
}

/** The section's Markdown, or undefined when neither check was run. */
export function validationSection(v: ValidationResult | undefined, c: ModelComparison | undefined): string | undefined {
  if (!v && !c) return undefined;
  return ["## Out-of-sample validation", ...(v ? [validationPart(v)] : []), ...(c ? [comparisonPart(c)] : [])].join("\n\n");
}
