/**
 * Human-readable convergence warnings with suggested fixes, from a `ConvergenceSummary`.
 */
import type { ConvergenceSummary, ParameterDiagnostics } from "./report";

/** Thresholds beyond which a warning is raised. */
export interface DiagnosticThresholds {
  /** Warn when rank-normalised R-hat exceeds this (Vehtari et al. 2021 recommend 1.01). */
  rhat: number;
  /** Warn when bulk or tail ESS is below this (400 = 100 per chain for 4 chains). */
  ess: number;
  /** Warn when a chain's E-BFMI is below this. */
  ebfmi: number;
}

/** Default thresholds: R-hat > 1.01, ESS < 400, E-BFMI < 0.3. */
export const DEFAULT_THRESHOLDS: Readonly<DiagnosticThresholds> = Object.freeze({ rhat: 1.01, ess: 400, ebfmi: 0.3 });

/** Parameters listed by name in one warning, worst first. */
const MAX_NAMED = 5;

/** "a 1.234, b 1.05 and 3 more" for the worst rows (already sorted worst first). */
function nameWorst(rows: readonly ParameterDiagnostics[], show: (r: ParameterDiagnostics) => string): string {
  const named = rows
    .slice(0, MAX_NAMED)
    .map((r) => `${r.name} ${show(r)}`)
    .join(", ");
  return rows.length > MAX_NAMED ? `${named} and ${rows.length - MAX_NAMED} more` : named;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function pct(k: number, n: number): string {
  return `${((100 * k) / Math.max(n, 1)).toFixed(2)}%`;
}

function rhatWarning(rows: readonly ParameterDiagnostics[], limit: number): string[] {
  const bad = rows.filter((r) => r.rhat > limit).sort((a, b) => b.rhat - a.rhat);
  if (!bad.length) return [];
  return [
    `R-hat above ${limit} for ${plural(bad.length, "parameter")} (${nameWorst(bad, (r) => r.rhat.toFixed(3))}): ` +
      "the chains disagree, so these estimates are not trustworthy yet. Run longer (more warmup and draws) " +
      "and look at these parameters' trace plots; if it persists, reparameterise or use stronger priors.",
  ];
}

function essWarning(rows: readonly ParameterDiagnostics[], limit: number): string[] {
  const worst = (r: ParameterDiagnostics): number => Math.min(r.essBulk, r.essTail);
  const bad = rows.filter((r) => worst(r) < limit).sort((a, b) => worst(a) - worst(b));
  if (!bad.length) return [];
  const show = (r: ParameterDiagnostics): string => (r.essBulk <= r.essTail ? `bulk ${Math.round(r.essBulk)}` : `tail ${Math.round(r.essTail)}`);
  return [
    `Effective sample size below ${limit} for ${plural(bad.length, "parameter")} (${nameWorst(bad, show)}): ` +
      "posterior means and intervals are noisy. Draw more iterations or chains; if the ESS is far below the " +
      "number of draws the sampler mixes slowly, so reparameterise or use stronger priors.",
  ];
}

function undefinedWarning(rows: readonly ParameterDiagnostics[]): string[] {
  const bad = rows.filter((r) => Number.isNaN(r.rhat) || Number.isNaN(r.essBulk));
  if (!bad.length) return [];
  return [
    `R-hat / ESS could not be computed for ${plural(bad.length, "parameter")} (${nameWorst(bad, () => "NaN")}): ` +
      "fewer than 4 draws per chain, NaN draws, or a parameter that never moved. Draw at least several hundred " +
      "iterations per chain and check for stuck chains.",
  ];
}

function samplerWarnings(s: ConvergenceSummary, t: DiagnosticThresholds): string[] {
  const out: string[] = [];
  if (s.divergences > 0) {
    out.push(
      `${s.divergences} of ${s.transitions} post-warmup transitions (${pct(s.divergences, s.transitions)}) diverged: ` +
        "the sampler could not follow the posterior's curvature, so estimates may be biased. Raise targetAccept " +
        "to 0.9–0.95, reparameterise (e.g. non-centred), or use stronger priors.",
    );
  }
  if (s.treeDepthHits > 0) {
    out.push(
      `${s.treeDepthHits} of ${s.transitions} transitions (${pct(s.treeDepthHits, s.transitions)}) hit the maximum ` +
        `tree depth ${s.maxTreeDepth}: trajectories were cut short, so sampling is inefficient. Raise maxTreeDepth ` +
        `(e.g. to ${s.maxTreeDepth + 2}), or reparameterise / rescale the model.`,
    );
  }
  const low = s.ebfmi.map((v, i) => ({ v, chain: i + 1 })).filter((c) => c.v < t.ebfmi);
  if (low.length) {
    out.push(
      `E-BFMI below ${t.ebfmi} in ${low.map((c) => `chain ${c.chain} (${c.v.toFixed(2)})`).join(", ")}: ` +
        "momentum resampling barely explores the energy distribution, typical of heavy-tailed posteriors. " +
        "Reparameterise (e.g. non-centred) or use stronger priors; a longer warmup may help.",
    );
  }
  return out;
}

/**
 * Warnings, most serious first, each saying what is wrong, for which parameters (the worst 5)
 * or chains (1-based), and what to try. Empty when every check passes.
 *
 * @example
 * const warnings = diagnosticWarnings(convergenceSummary(rows, stats, 10));
 * // ["R-hat above 1.01 for 1 parameter (beta_tv 1.465): the chains disagree, …"]
 */
export function diagnosticWarnings(summary: ConvergenceSummary, thresholds: Partial<DiagnosticThresholds> = {}): string[] {
  const t: DiagnosticThresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
  const rows = summary.parameters;
  return [...rhatWarning(rows, t.rhat), ...samplerWarnings(summary, t), ...essWarning(rows, t.ess), ...undefinedWarning(rows)];
}
