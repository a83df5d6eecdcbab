/**
 * The offline planner's answers: markdown an analyst can read, composed only from tool results in
 * the conversation (the same rule the LLM is given: no number that a tool did not return).
 */
import { failureText, latest, type Conversation } from "./records";
import type { GeoSplit } from "../model/budget";
import { budgetHeadline, type PlanLike } from "./words";

type Num = number | { mean: number; hdi94?: [number, number] };
type Row = { name: string; spend?: number; share?: number; roas: Num; mroas?: Num };

const fmt = (x: number, d = 2) => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString("en-US") : x.toFixed(d));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const val = (v: Num | undefined) => (v === undefined ? "–" : typeof v === "number" ? fmt(v) : `${fmt(v.mean)} [${fmt(v.hdi94?.[0] ?? NaN)}, ${fmt(v.hdi94?.[1] ?? NaN)}]`);
const mean = (v: Num) => (typeof v === "number" ? v : v.mean);

export function roiTable(c: Conversation): string | undefined {
  const r = latest(c, "roi_summary")?.result as { model?: string; channels?: Row[] } | undefined;
  if (!r?.channels) return undefined;
  const head = `| channel | spend | ROAS${r.model === "bayesian" || r.model === "geo" ? " (94% HDI)" : ""} | marginal ROAS |\n|---|---:|---:|---:|`;
  const ridgeToo = r.model === "bayesian" && latest(c, "run_ols_mmm")?.ok;
  const source =
    r.model === "geo"
      ? "From the hierarchical geo model (national ROAS: the geos summed draw by draw; ROAS by geo in the report's Geo model section):"
      : r.model === "bayesian"
        ? `From the Bayesian model${ridgeToo ? " (the ridge fit was the quick preview)" : ""}:`
        : "From the ridge model:";
  const flagged = (r as { warnings?: string[] }).warnings ?? [];
  return `${source}\n\n${head}\n${r.channels.map((ch) => `| ${ch.name} | ${ch.spend === undefined ? "–" : fmt(ch.spend)} | ${val(ch.roas)} | ${val(ch.mroas)} |`).join("\n")}${flagged.length ? `\n\n${flagged.map((w) => `- ${w}`).join("\n")}` : ""}`;
}

export function fitLine(c: Conversation): string | undefined {
  const ridge = latest(c, "run_ols_mmm")?.result as { metrics?: { r2: number; mape: number; holdout?: { weeks: number; mape: number } }; mediaShareOfKpi?: number } | undefined;
  const bayes = c.records.findLast((r) => r.name === "run_bayesian_mmm" && r.args.geo !== true)?.result as
    | { fit?: { r2: number; mape: number; coverage94: number }; diagnostics?: { maxRhat: number; minEssBulk: number; divergences: number } }
    | undefined;
  const geo = c.records.findLast((r) => r.name === "run_bayesian_mmm" && r.args.geo === true && r.ok)?.result as { geos?: number; weeks?: number; sampler?: { maxRhat: number; divergences: number }; warnings?: string[] } | undefined;
  const lines: string[] = [];
  if (ridge?.metrics) {
    const m = ridge.metrics;
    lines.push(
      `- Ridge MMM: R² ${m.r2.toFixed(3)}, MAPE ${pct(m.mape)}${m.holdout ? `, holdout MAPE ${pct(m.holdout.mape)} over the last ${m.holdout.weeks} weeks` : ""}${ridge.mediaShareOfKpi !== undefined ? `; media drive ${pct(ridge.mediaShareOfKpi)} of the KPI` : ""}.`,
    );
  }
  if (bayes?.fit && bayes.diagnostics) {
    const d = bayes.diagnostics;
    lines.push(`- Bayesian MMM: R² ${bayes.fit.r2.toFixed(3)}, 94% band covers ${pct(bayes.fit.coverage94)} of weeks; max R-hat ${d.maxRhat.toFixed(3)}, min bulk ESS ${Math.round(d.minEssBulk)}, ${d.divergences} divergences.`);
  }
  if (geo?.sampler) {
    lines.push(`- Hierarchical geo model: ${geo.geos} geos × ${geo.weeks} weeks; max R-hat ${geo.sampler.maxRhat.toFixed(3)}, ${geo.sampler.divergences} divergences. It is the model the ROI table and the budget below come from.`);
    lines.push(...(geo.warnings ?? []).map((w) => `  - ${w}`));
  }
  const cv = analytics(c).find((r) => r.args.analysis === "cross_validation");
  if (cv) lines.push(`- Time-series cross-validation: ${String(cv.result.summary)}`);
  return lines.length ? lines.join("\n") : undefined;
}

export function budgetText(c: Conversation): string | undefined {
  const b = latest(c, "optimize_budget")?.result as
    | { total?: number; weeks?: number; allocation?: Record<string, number>; current?: Record<string, number>; uplift?: number; upliftPct?: number; upliftPosterior?: { hdi94: [number, number] } }
    | undefined;
  if (!b?.allocation || b.total === undefined) return undefined;
  const rows = Object.entries(b.allocation).map(([ch, v]) => {
    const cur = b.current?.[ch] ?? 0;
    return `| ${ch} | ${fmt(cur)} | ${fmt(v)} | ${cur > 0 ? `${v >= cur ? "+" : ""}${(100 * (v / cur - 1)).toFixed(0)}%` : "new"} |`;
  });
  const hdi = b.upliftPosterior ? ` (94% HDI ${fmt(b.upliftPosterior.hdi94[0])} to ${fmt(b.upliftPosterior.hdi94[1])})` : "";
  const current = Object.values(b.current ?? {}).reduce((x, y) => x + y, 0);
  // A total other than current spend is a cut or an increase: say so, and what it loses or adds (whatIfReply.ts).
  const kpi = String(latest(c, "run_bayesian_mmm")?.result.kpi ?? latest(c, "run_ols_mmm")?.result.kpi ?? "KPI");
  const head =
    b.current && Math.abs(b.total - current) > 0.005 * current
      ? `${budgetHeadline(b as PlanLike, kpi)}.`
      : `Budget of ${fmt(b.total)} over ${b.weeks} weeks: expected uplift ${fmt(b.uplift ?? 0)} (${(b.upliftPct ?? 0).toFixed(1)}%)${hdi} versus the current mix.`;
  const geo = (b as { geo?: GeoSplit }).geo;
  if (geo) return `${head} Allocated per geo × channel by the geo model; by geo:\n\n${splitTable("geo", geo.byGeo)}\n\nBy channel (sum over geos):\n\n${splitTable("channel", geo.byChannel)}`;
  return `${head}\n\n| channel | current | recommended | change |\n|---|---:|---:|---:|\n${rows.join("\n")}`;
}

/** Current and recommended spend, and expected KPI, per geo or per channel of a per-geo plan. */
function splitTable(what: string, totals: GeoSplit["byGeo"]): string {
  const rows = Object.entries(totals).map(
    ([k, t]) => `| ${k} | ${fmt(t.current)} | ${fmt(t.allocation)} | ${t.current > 0 ? `${t.allocation >= t.current ? "+" : ""}${(100 * (t.allocation / t.current - 1)).toFixed(0)}%` : "new"} | ${fmt(t.expected)} |`,
  );
  return `| ${what} | current | recommended | change | expected KPI |\n|---|---:|---:|---:|---:|\n${rows.join("\n")}`;
}

export function caveats(c: Conversation): string[] {
  const out: string[] = [];
  const diag = latest(c, "model_diagnostics")?.result as { issues?: { message: string }[]; findings?: { severity: string; detail: string; action?: string }[] } | undefined;
  // The quality gate's issues first (what it decided about them is in the steps), then the other findings.
  for (const i of diag?.issues ?? []) out.push(i.message);
  for (const f of diag?.findings ?? []) if (f.severity !== "ok") out.push(`${f.detail}${f.action ? ` — ${f.action}` : ""}`);
  const ready = latest(c, "validate_mmm_readiness")?.result as { warnings?: string[] } | undefined;
  out.push(...(ready?.warnings ?? []));
  c.records.forEach((r, i) => {
    const recovered = c.records.slice(i + 1).some((x) => x.name === r.name && x.ok);
    if (!r.ok && r.result.error && !recovered) out.push(`${r.name} failed: ${failureText(r)}`);
  });
  const budget = latest(c, "optimize_budget");
  if (budget?.ok && budget.args.bounds) out.push("The budget is far from current spend, so each channel was allowed 0–2× its current spend; beyond observed spend levels the curves are extrapolation.");
  return [...new Set(out)].slice(0, 10);
}

/** The top channel by ROAS, for the analysis note. */
export function topChannel(c: Conversation): { name: string; roas: number } | undefined {
  const r = latest(c, "roi_summary")?.result as { channels?: Row[] } | undefined;
  const top = r?.channels?.[0];
  return top ? { name: top.name, roas: mean(top.roas) } : undefined;
}

/** The profile's reach & frequency channels, when there are any. */
function rfText(rf: { reach: string; frequency: string; spend: string }[] | undefined): string {
  return rf?.length ? ` **Reach & frequency** (${rf.length}): ${rf.map((r) => `${r.spend} (${r.reach} × ${r.frequency})`).join(", ")}.` : "";
}

export function profileText(c: Conversation, opts: { nextSteps?: boolean } = {}): string {
  const p = latest(c, "inspect_data")?.result as
    | {
        rows?: number;
        granularity?: string;
        timeline?: { start?: string; end?: string; weeks?: number };
        roles?: { kpi?: string; channels?: string[]; controls?: string[]; geo?: string; rf?: { reach: string; frequency: string; spend: string }[] };
        warnings?: string[];
      }
    | undefined;
  const ready = latest(c, "validate_mmm_readiness")?.result as { ready?: boolean; blockers?: string[]; nextSteps?: string[] } | undefined;
  if (!p) return "I could not profile the data.";
  const t = p.timeline;
  const lines = [
    `**Data**: ${p.rows} rows, ${p.granularity}${t ? `, ${t.start} to ${t.end} (${t.weeks} weeks)` : ""}.`,
    `**KPI**: ${p.roles?.kpi ?? "not detected"}. **Channels** (${p.roles?.channels?.length ?? 0}): ${p.roles?.channels?.join(", ") || "none"}. **Controls**: ${p.roles?.controls?.join(", ") || "none"}${p.roles?.geo ? `. **Geo**: ${p.roles.geo}` : ""}.${rfText(p.roles?.rf)}`,
  ];
  if (ready) lines.push(ready.ready ? "**Verdict**: suitable for MMM." : `**Verdict**: not ready — ${ready.blockers?.join(" ") ?? ""}`);
  if (opts.nextSteps !== false && ready?.nextSteps?.length) lines.push(`**Next steps**: ${ready.nextSteps.join(", ")}.`);
  if (p.warnings?.length) lines.push(`**Warnings**:\n${p.warnings.map((w) => `- ${w}`).join("\n")}`);
  return lines.join("\n\n");
}

const analytics = (c: Conversation) => c.records.filter((r) => r.name === "run_analytics" && r.ok && typeof r.result.summary === "string");

/** The analytics run before modelling, one line each (their tools' own summaries). */
export function dataChecks(c: Conversation): string[] {
  return analytics(c)
    .filter((r) => r.args.analysis !== "cross_validation")
    .map((r) => String(r.result.summary));
}

/** The final answer of a full analysis. */
export function finalReport(c: Conversation): string {
  const parts = ["## MMM analysis", profileText(c, { nextSteps: false })];
  const checks = dataChecks(c);
  if (checks.length) parts.push(`### Data checks\n${checks.map((x) => `- ${x}`).join("\n")}`);
  const fit = fitLine(c);
  if (fit) parts.push(`### Model fit\n${fit}`);
  const roi = roiTable(c);
  if (roi) parts.push(`### Return on ad spend\n${roi}`);
  const budget = budgetText(c);
  if (budget) parts.push(`### Budget recommendation\n${budget}`);
  const cav = caveats(c);
  if (cav.length) parts.push(`### Caveats\n${cav.map((x) => `- ${x}`).join("\n")}`);
  const exported = latest(c, "export_report")?.result as { dir?: string } | undefined;
  if (exported?.dir) parts.push(`The report with tables and charts is in \`${exported.dir}\`.`);
  return parts.join("\n\n");
}
