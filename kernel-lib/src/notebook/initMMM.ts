/**
 * `initMMM`: the first cell of an analysis. Loads and profiles the data, shows a summary, and
 * returns the NotebookMMM that drives the agent.
 * @example
 * import { initMMM } from "agentic-mmm";
 * const nb = await initMMM({ source: "main.marketing.weekly_spend", kpiCol: "revenue" });
 */
import { MMMAgent, type AgentOptions } from "../agent/session";
import type { AgentConfig } from "../config";
import type { DataSource } from "../data/sources";
import type { WeeklyLoadOptions } from "../data/load";
import { profileSummary } from "../tools/dataTools";
import { markdownBundle } from "./bundles";
import { cellSafe } from "./cellErrors";
import { display } from "./kernelDisplay";
import { NotebookMMM } from "./notebookMMM";

export interface InitOptions {
  /** Unity Catalog `catalog.schema.table`, a file path / URL / glob, a polars frame, or records. */
  source: DataSource;
  kpiCol?: string;
  dateCol?: string;
  geoCol?: string;
  /** The paid-media columns, exactly (detected from names and values when omitted). */
  channels?: string[];
  /** The control columns, exactly (detected when omitted). */
  controls?: string[];
  /** Aggregate daily/transaction rows to weeks while loading (in the warehouse for Unity Catalog tables). */
  weekly?: WeeklyLoadOptions;
  llm?: AgentOptions["llm"];
  /** Overrides of AGENT_CFG for this session. */
  agent?: Partial<AgentConfig>;
  /** Variable name used in hints (default "nb"). */
  variable?: string;
}

/** Channels with how each was recognised when it was not by a spend/cost name. */
function channelList(r: ReturnType<typeof profileSummary>["roles"]): string {
  if (r.channels.length === 0) return `none detected${r.channelCandidates.length ? ` (look like media: ${r.channelCandidates.join(", ")})` : ""}`;
  return r.channels.map((c) => (r.why[c]?.startsWith("high") ? c : `${c} (${r.why[c]?.split(":")[0]} confidence)`)).join(", ");
}

function summary(nb: NotebookMMM): string {
  const p = profileSummary(nb.engine.profile());
  const t = p.timeline;
  return [
    `**agentic-mmm** · LLM: ${nb.agent.llmLabel} · session \`${nb.session.slice(0, 8)}\``,
    `**Data**: ${p.rows.toLocaleString("en-US")} rows × ${p.columns.length} columns, ${p.granularity}${t ? `, ${t.start} to ${t.end} (${t.weeks} weeks)` : ""}.`,
    `**KPI**: ${p.roles.kpi ?? "not detected — pass kpiCol"}${p.roles.kpiCandidates.length > 1 ? ` (candidates: ${p.roles.kpiCandidates.join(", ")})` : ""}. **Channels** (${p.roles.channels.length}): ${channelList(p.roles)}. **Controls**: ${p.roles.controls.join(", ") || "none"}.`,
    p.suitable ? `**Suitable for MMM**: yes${p.needsAggregation ? " (after weekly aggregation)" : ""}.` : `**Suitable for MMM**: not yet —\n${p.unsuitableBecause.map((r) => `- ${r}`).join("\n")}`,
    `Roles wrong? \`${nb.variable}.setRoles({ channels: [...], controls: [...], kpiCol: "..." })\` — or pass them to initMMM.`,
    ...(p.warnings.length ? [`**Warnings**:\n${p.warnings.slice(0, 6).map((w) => `- ${w}`).join("\n")}`] : []),
    `Next: \`await ${nb.variable}.ask("…")\` or \`await ${nb.variable}.runFullAnalysis()\`.`,
  ].join("\n\n");
}

export function initMMM(opts: InitOptions): Promise<NotebookMMM> {
  return cellSafe(async () => {
    const agent = new MMMAgent({ llm: opts.llm, config: opts.agent });
    await agent.engine.loadData(opts.source, { kpiCol: opts.kpiCol, dateCol: opts.dateCol, geoCol: opts.geoCol, channels: opts.channels, controls: opts.controls, weekly: opts.weekly });
    const nb = new NotebookMMM(agent);
    if (opts.variable) nb.variable = opts.variable;
    display(markdownBundle(summary(nb)));
    return nb;
  });
}
