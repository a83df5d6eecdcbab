/**
 * The offline planner's what-if answers: one sentence that names the channel, the change in spend
 * and its effect on the KPI with the right sign and words ("a cut of 20% of tv_spend … loses an
 * estimated 408k revenue [350k, 470k]"), the assumptions (model, horizon, what is held fixed), then a
 * table. Every number comes from a tool result in the conversation.
 */
import { budgetHeadline, effect, MINUS, pctOf, short, signed, sum, totalWords, whole, type PlanLike } from "../../playbook/words";
import type { ScenarioChange, Target } from "./whatIfIntent";

const list = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`);
const ratio = (x: number) => x.toFixed(2);
/** 0.2 → "20%", 0.025 → "2.5%". */
const percent = (x: number) => `${Number((100 * x).toFixed(1))}%`;

const modelName = (model: string | undefined) => (model === "bayesian" ? "Bayesian" : "ridge");

export const modelWords = (model: string | undefined): string => (model === "bayesian" ? "the current Bayesian model (posterior means, 94% HDIs)" : "the current ridge model (point estimates, no interval: fit the Bayesian model for one)");

// ---- scenarios ------------------------------------------------------------------------------

export interface ScenarioResultLike {
  model?: string;
  kpi?: string;
  weeks: number;
  total: number;
  expected: number;
  budgets: Record<string, number>;
  perChannel: { name: string; spend: number; contribution: number; mroas: number }[];
  current?: { total: number; expected: number };
  change?: { spend: number; expected: number; hdi94?: [number, number] };
  warnings?: string[];
}

/** "a cut of 20% of tv_spend", "stopping tv_spend", "moving 100k from tv_spend to paid_search_spend". */
export function describeChange(change: ScenarioChange, moved: number): string {
  if (change.kind === "move") return `moving ${short(moved)}${change.share !== undefined ? ` (${(100 * change.share).toFixed(0)}% of ${list(change.from)})` : ""} from ${list(change.from)} to ${list(change.to)}`;
  const chs = list(change.channels);
  if (change.kind === "set") return change.to === 0 ? `stopping ${chs}` : `setting ${chs} to ${short(change.to)}`;
  if (change.kind === "add") return change.amount < 0 ? `a cut of ${short(change.amount)} in ${chs}` : `an increase of ${short(change.amount)} in ${chs}`;
  const p = Math.abs(change.factor - 1);
  if (change.factor === 2) return `doubling ${chs}`;
  if (change.factor === 0.5) return `halving ${chs} (a cut of 50%)`;
  return change.factor < 1 ? `a cut of ${percent(p)} of ${chs}` : `an increase of ${percent(p)} in ${chs}`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function scenarioText(base: ScenarioResultLike, sim: ScenarioResultLike, change: ScenarioChange): string {
  const kpi = sim.kpi ?? "KPI";
  const changed = Object.keys(sim.budgets).filter((ch) => Math.abs((sim.budgets[ch] ?? 0) - (base.budgets[ch] ?? 0)) > 1e-9 * Math.max(1, base.total));
  const spendDelta = sim.change?.spend ?? sim.total - base.total;
  const kpiDelta = sim.change?.expected ?? sim.expected - base.expected;
  const moved = change.kind === "move" ? change.from.reduce((s, ch) => s + (base.budgets[ch] ?? 0) - (sim.budgets[ch] ?? 0), 0) : 0;
  const before = changed.reduce((s, ch) => s + (base.budgets[ch] ?? 0), 0);
  const after = changed.reduce((s, ch) => s + (sim.budgets[ch] ?? 0), 0);
  const spendNote = change.kind === "move" ? `total spend unchanged at ${short(sim.total)} over ${sim.weeks} weeks` : `${signed(spendDelta)} spend over ${sim.weeks} weeks: ${short(before)} → ${short(after)}`;
  const per = change.kind !== "move" && Math.abs(spendDelta) > 0 ? `, ${ratio(Math.abs(kpiDelta / spendDelta))} ${kpi} per unit of spend ${spendDelta < 0 ? "cut" : "added"}` : "";
  const head = `**${capital(describeChange(change, moved))}** (${spendNote}) **${effect(kpiDelta, kpi, sim.change?.hdi94)}**${per}.`;
  const weekly = change.kind !== "move" && Math.abs(spendDelta) > 0 ? ` (${short(Math.abs(spendDelta) / sim.weeks)} a week)` : "";
  const assumptions = `Assumptions: ${modelWords(sim.model)}; a ${sim.weeks}-week horizon, spend as horizon totals${weekly}; the other channels at current spend; baseline and controls unchanged.`;
  const beyond = changed.filter((ch) => (sim.budgets[ch] ?? 0) > 1.5 * (base.budgets[ch] ?? 0) && (base.budgets[ch] ?? 0) > 0);
  const caution = beyond.length ? `\n\nCaution: ${list(beyond)} would run above 1.5× current spend, where the response curve is extrapolation beyond the spend levels seen in the data.` : "";
  const rows = changed.map((ch) => {
    const b = base.perChannel.find((x) => x.name === ch);
    const s = sim.perChannel.find((x) => x.name === ch);
    return `| ${ch} | ${whole(base.budgets[ch] ?? 0)} | ${whole(sim.budgets[ch] ?? 0)} | ${whole((sim.budgets[ch] ?? 0) - (base.budgets[ch] ?? 0))} | ${whole((s?.contribution ?? 0) - (b?.contribution ?? 0))} | ${ratio(s?.mroas ?? NaN)} |`;
  });
  const table = `| channel | current spend | scenario spend | spend change | ${kpi} change | marginal ROAS after |\n|---|---:|---:|---:|---:|---:|\n${rows.join("\n")}`;
  return `${head}\n\n${assumptions}${caution}\n\n${table}`;
}

// ---- budget changes -------------------------------------------------------------------------

export function budgetChangeText(plan: PlanLike, kpi: string, model: string | undefined, proRata: ScenarioResultLike | undefined, widened: boolean): string {
  const current = sum(plan.current);
  const parts = [`${budgetHeadline(plan, kpi)}.`];
  if (proRata?.change && Math.abs(plan.total - current) > 0.005 * current) {
    const saved = plan.uplift - proRata.change.expected;
    parts[0] += ` ${plan.total < current ? "Cut" : "Raised"} pro rata across every channel instead, it ${effect(proRata.change.expected, kpi, proRata.change.hdi94)}: the reallocation is worth ${saved >= 0 ? "" : MINUS}${short(saved)} ${kpi}.`;
  }
  const bounds = widened
    ? "no allocation keeps every channel within ±50% of current spend at this total, so each channel was allowed 0–2× its current spend (beyond observed spend levels the curves are extrapolation)"
    : "each channel within ±50% of its current spend (beyond that the curves are extrapolation)";
  parts.push(`Assumptions: ${modelWords(model)}; a ${plan.weeks}-week horizon, budgets as horizon totals; ${bounds}; baseline and controls unchanged.`);
  const rows = Object.entries(plan.allocation).map(([ch, v]) => {
    const cur = plan.current[ch] ?? 0;
    return `| ${ch} | ${whole(cur)} | ${whole(v)} | ${cur > 0 ? pctOf(v / cur - 1, 0) : "new"} |`;
  });
  parts.push(`| channel | current | recommended | change |\n|---|---:|---:|---:|\n${rows.join("\n")}`);
  return parts.join("\n\n");
}

// ---- targets --------------------------------------------------------------------------------

export interface TargetFacts {
  target: Target;
  kpi: string;
  model: string | undefined;
  weeks: number;
  /** Average weekly KPI in the data. */
  weeklyKpi: number;
  currentTotal: number;
  /** The extra KPI over the horizon the target asks for. */
  needed: number;
}

export function targetNeeded(target: Target, weeklyKpi: number, weeks: number): number {
  const level = weeklyKpi * weeks;
  return "pct" in target ? target.pct * level : "delta" in target ? target.delta : target.level - level;
}

function targetWords(f: TargetFacts): string {
  const level = f.weeklyKpi * f.weeks;
  const t = f.target;
  const what = "pct" in t ? `${percent(t.pct)} more ${f.kpi}` : "delta" in t ? `${short(t.delta)} more ${f.kpi}` : `${short(t.level)} ${f.kpi}`;
  return `${what} over ${f.weeks} weeks (${signed(f.needed)} on ${short(level)}, the average weekly ${f.kpi} of ${short(f.weeklyKpi)} × ${f.weeks})`;
}

/** The answer to a target: the budget that reaches it, reallocation alone, or honestly not within the data. */
export function targetText(f: TargetFacts, best: PlanLike | undefined, max: PlanLike | undefined): string {
  const assumptions = `Assumptions: ${modelWords(f.model)}; a ${f.weeks}-week horizon; the extra ${f.kpi} has to come from media (baseline and controls unchanged); each channel within ±50% of its current spend, the range the data support.`;
  if (f.needed <= 0) return `${capital(targetWords(f))} needs no extra ${f.kpi}: at current spend the model already expects that level.\n\n${assumptions}`;
  if (!best) {
    const m = max;
    const reach = m
      ? ` Even +50% on every channel (a total of ${short(m.total)}, ${totalWords(m.total, sum(m.current))}) ${effect(m.uplift, f.kpi, m.upliftPosterior?.hdi94)}, ${(100 * (m.uplift / f.needed)).toFixed(0)}% of what the target needs.`
      : "";
    return `**${capital(targetWords(f))} is not reachable within the spend levels the data support.**${reach} Beyond ±50% of current spend the response curves are extrapolation and they flatten (diminishing returns), so I would not promise it: test higher spend first (a lift test or a flighting change), or aim lower.\n\n${assumptions}`;
  }
  const current = sum(best.current);
  const same = Math.abs(best.total - current) <= 0.005 * current;
  const head = same
    ? `**Reallocating the current budget (${short(current)}) is enough for ${targetWords(f)}**: the optimiser's mix ${effect(best.uplift, f.kpi, best.upliftPosterior?.hdi94)} with no extra spend.`
    : `**${capital(targetWords(f))} takes a total budget of about ${short(best.total)}**, ${totalWords(best.total, current)}, allocated as below: it ${effect(best.uplift, f.kpi, best.upliftPosterior?.hdi94)}, ${ratio(best.uplift / (best.total - current))} ${f.kpi} per extra unit of spend.`;
  const hdi = best.upliftPosterior?.hdi94;
  const risk = hdi && hdi[0] < f.needed ? ` The 94% HDI reaches down to ${short(hdi[0])}: the target is not certain at this budget.` : "";
  const rows = Object.entries(best.allocation).map(([ch, v]) => `| ${ch} | ${whole(best.current[ch] ?? 0)} | ${whole(v)} | ${(best.current[ch] ?? 0) > 0 ? pctOf(v / (best.current[ch] ?? 1) - 1, 0) : "new"} |`);
  return `${head}${risk}\n\n${assumptions}\n\n| channel | current | needed | change |\n|---|---:|---:|---:|\n${rows.join("\n")}`;
}

// ---- rankings and explanations --------------------------------------------------------------

type Num = number | { mean: number; hdi94?: [number, number] };
export interface RoiRow {
  name: string;
  spend: number;
  roas: Num;
  mroas: Num;
  contribution: Num;
}
export interface RoiLike {
  model?: string;
  kpi?: string;
  channels: RoiRow[];
  warnings?: string[];
}

export const meanOf = (v: Num | undefined): number => (v === undefined ? NaN : typeof v === "number" ? v : v.mean);
const hdiOf = (v: Num | undefined): [number, number] | undefined => (v && typeof v === "object" ? v.hdi94 : undefined);
const withHdi = (v: Num, digits = 2) => {
  const h = hdiOf(v);
  return `${meanOf(v).toFixed(digits)}${h ? ` [94% HDI ${h[0].toFixed(digits)}, ${h[1].toFixed(digits)}]` : ""}`;
};

const METRIC_WORDS = { roas: "ROAS", mroas: "marginal ROAS", contribution: "contribution" } as const;

export function rankText(roi: RoiLike, metric: "roas" | "mroas" | "contribution", worst: boolean): string {
  const kpi = roi.kpi ?? "KPI";
  const rows = [...roi.channels].sort((a, b) => meanOf(b[metric]) - meanOf(a[metric]));
  const pick = worst ? rows.at(-1)! : rows[0]!;
  const next = worst ? rows.at(-2) : rows[1];
  const adjective = worst ? (metric === "contribution" ? "smallest" : "lowest") : metric === "contribution" ? "largest" : "highest";
  const unit = metric === "contribution" ? `${kpi} over the modelled weeks` : metric === "mroas" ? `${kpi} for the next unit of spend at current levels` : `${kpi} per unit of spend`;
  const value = metric === "contribution" ? `${short(meanOf(pick[metric]))}${hdiOf(pick[metric]) ? ` [94% HDI ${short(hdiOf(pick[metric])![0])}, ${short(hdiOf(pick[metric])![1])}]` : ""}` : withHdi(pick[metric]);
  const nextValue = next ? (metric === "contribution" ? short(meanOf(next[metric])) : meanOf(next[metric]).toFixed(2)) : "";
  let text = `**${pick.name}** has the ${adjective} ${METRIC_WORDS[metric]}: ${value} ${unit} (${modelName(roi.model)} model)${next ? `, ${worst ? "behind" : "ahead of"} ${next.name} (${nextValue})` : ""}.`;
  const a = hdiOf(pick[metric]);
  const b = next ? hdiOf(next[metric]) : undefined;
  if (a && b && next && a[0] <= b[1] && b[0] <= a[1]) text += ` Its 94% HDI overlaps ${next.name}'s, so the order of these two is not certain.`;
  if (metric === "mroas") text += worst ? " The next unit of budget earns least there: the first place to cut." : " The next unit of budget earns most there.";
  const flagged = (roi.warnings ?? []).filter((w) => w.includes(`'${pick.name}'`));
  if (flagged.length) text += ` Caution: ${flagged.join(" ")}`;
  const table = `| rank | channel | ROAS | marginal ROAS | contribution (${kpi}) | spend |\n|---:|---|---:|---:|---:|---:|\n${rows.map((r, i) => `| ${i + 1} | ${r.name} | ${withHdi(r.roas)} | ${withHdi(r.mroas)} | ${whole(meanOf(r.contribution))} | ${whole(r.spend)} |`).join("\n")}`;
  return `${text}\n\nRanked by ${METRIC_WORDS[metric]}:\n\n${table}`;
}

/** Why a channel's ROAS is what it is: its level and rank, spend versus contribution share, the curve at current spend, identification and interval. */
export function explainText(roi: RoiLike, channel: string, kind: "uncertainty" | "why"): string {
  const kpi = roi.kpi ?? "KPI";
  const rows = [...roi.channels].sort((a, b) => meanOf(b.roas) - meanOf(a.roas));
  const row = rows.find((r) => r.name === channel)!;
  const rank = rows.indexOf(row) + 1;
  const totalSpend = rows.reduce((s, r) => s + r.spend, 0);
  const totalContribution = rows.reduce((s, r) => s + meanOf(r.contribution), 0);
  const average = totalSpend > 0 ? totalContribution / totalSpend : NaN;
  const roas = meanOf(row.roas);
  const mroas = meanOf(row.mroas);
  const flagged = (roi.warnings ?? []).filter((w) => w.includes(`'${channel}'`));
  const h = hdiOf(row.roas);
  if (kind === "uncertainty") {
    if (!h) {
      return [
        `The ridge model gives point estimates without an interval: **${channel}'s ROAS is ${roas.toFixed(2)}** ${kpi} per unit of spend (rank ${rank} of ${rows.length}).`,
        flagged.length ? `And the data do not pin it down: ${flagged.join(" ")}` : "The data identify it: models that predict equally well out of sample give it a similar ROAS.",
        'For a 94% interval, fit the Bayesian model ("fit the Bayesian model") and ask again.',
      ].join(" ");
    }
    const half = (h[1] - h[0]) / 2 / Math.abs(roas || 1);
    const verdict = h[0] <= 0.1 * Math.abs(roas) ? "not sure: the interval reaches down to almost no effect" : half <= 0.25 ? "fairly sure" : half <= 0.6 ? "moderately sure" : "not very sure: the interval is wide";
    const lines = [
      `**${channel}'s ROAS is ${roas.toFixed(2)} [94% HDI ${h[0].toFixed(2)}, ${h[1].toFixed(2)}]** ${kpi} per unit of spend (Bayesian model): the interval spans ±${(100 * half).toFixed(0)}% of the estimate, so the model is ${verdict}.`,
      `Marginal ROAS ${withHdi(row.mroas)}; contribution ${short(meanOf(row.contribution))} ${kpi}${hdiOf(row.contribution) ? ` [94% HDI ${short(hdiOf(row.contribution)![0])}, ${short(hdiOf(row.contribution)![1])}]` : ""} over the modelled weeks.`,
    ];
    const others = rows.filter((r) => r !== row && hdiOf(r.roas) && hdiOf(r.roas)![0] <= h[1] && h[0] <= hdiOf(r.roas)![1]).map((r) => r.name);
    if (others.length) lines.push(`Its interval overlaps ${list(others)}'s: the model cannot rank ${channel} against ${others.length > 1 ? "them" : "it"} with confidence.`);
    return lines.join(" ");
  }
  const low = roas < average;
  const lines = [
    `**${channel}'s ROAS is ${withHdi(row.roas)}** ${kpi} per unit of spend (${modelName(roi.model)} model), rank ${rank} of ${rows.length}; the average across channels is ${average.toFixed(2)}.${low ? "" : " By this model it is not low."}`,
  ];
  const spendShare = totalSpend > 0 ? row.spend / totalSpend : NaN;
  const contribShare = totalContribution !== 0 ? meanOf(row.contribution) / totalContribution : NaN;
  const reasons: string[] = [`It takes ${(100 * spendShare).toFixed(0)}% of media spend and drives ${(100 * contribShare).toFixed(0)}% of the media-driven ${kpi}.`];
  if (mroas < 0.8 * roas)
    reasons.push(`Diminishing returns: at current spend the next unit earns only ${mroas.toFixed(2)} (marginal ROAS), below its average — the channel sits on the flat part of its response curve, so its last units of spend earn little.`);
  else if (mroas > 1.2 * roas)
    reasons.push(
      `Not saturation: the next unit earns ${mroas.toFixed(2)} (marginal ROAS), more than its average — the curve is still steep at current spend, so the low average comes from the lower part of an S-shaped response, not from spending too much.`,
    );
  else reasons.push(`Its marginal ROAS (${mroas.toFixed(2)}) is close to its average: returns are roughly constant around current spend.`);
  if (flagged.length) reasons.push(`The estimate itself is weak: ${flagged.join(" ")}`);
  if (h && h[0] <= average && average <= h[1])
    reasons.push(`Its 94% HDI [${h[0].toFixed(2)}, ${h[1].toFixed(2)}] includes the average (${average.toFixed(2)}): the data cannot say for sure that it is ${low ? "below" : "above"} the others.`);
  if (!h && !flagged.length) reasons.push('The ridge model gives no interval: fit the Bayesian model for one ("how sure are you about …" then answers with the 94% HDI).');
  return `${lines[0]}\n\n${reasons.map((r) => `- ${r}`).join("\n")}`;
}

export function notUnderstood(kind: string, channels: string[]): string {
  const examples: Record<string, string> = {
    scenario: '"what if I cut tv_spend by 20%?", "what if we stop tv?", "move 100k from tv to search", "raise social by 500k over 26 weeks"',
    budget: '"optimise a budget of 3M", "what if the total budget drops 10%?"',
    target: '"what does it take to reach 10% more revenue?", "how much do we need to spend to add 1M revenue?"',
    explain: '"why is search\'s ROAS low?", "how sure are you about tv?"',
  };
  return `I read this as a what-if question (${kind}) but could not tell ${kind === "scenario" || kind === "explain" ? "which channel or how much" : "the amount"}. The model's channels are: ${channels.join(", ")}. Try ${examples[kind] ?? examples.scenario}.`;
}
