/**
 * `initMMM`: the first cell of an analysis. Loads and profiles the data, shows a summary, and
 * returns the NotebookMMM that drives the agent.
 * @example
 * import { initMMM } from "agentic-mmm";
 * const nb = await initMMM({ source: "main.marketing.weekly_spend", kpiCol: "revenue" });
 */
import { MMMAgent, type AgentOptions } from "../agent/session";
import { MMMEngine } from "../engine";
import { MMMError } from "../errors";
import type { AgentConfig } from "../config";
import type { DataSource } from "../data/sources";
import type { WeeklyLoadOptions } from "../data/load";
import { profileSummary } from "../tools/dataTools";
import { markdownBundle } from "./bundles";
import { cellSafe } from "./cellErrors";
import { display } from "./kernelDisplay";
import { NotebookMMM } from "./notebookMMM";

export interface InitOptions {
  /** Unity Catalog `catalog.schema.table`, a file path / URL / glob, a polars frame, or records (optional with `model`). */
  source?: DataSource;
  /**
   * A model folder saved by `nb.save(dir)` / `engine.save(dir)`: its fits come back as they were.
   * With `source` too, the data must be the data the model was fitted on (else DATA_MISMATCH).
   */
  model?: string;
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
    `**KPI**: ${p.roles.kpi ?? "not detected — pass kpiCol"}${p.roles.kpiCandidates.length > 1 ? ` (candidates: ${p.roles.kpiCandidates.join(", ")})` : ""}. **Channels** (${p.roles.channels.length}): ${channelList(p.roles)}. **Controls**: ${p.roles.controls.join(", ") || "none"}.${p.roles.rf ? ` **Reach & frequency**: ${p.roles.rf.map((r) => `${r.spend} (${r.reach} × ${r.frequency})`).join(", ")}.` : ""}`,
    p.suitable ? `**Suitable for MMM**: yes${p.needsAggregation ? " (after weekly aggregation)" : ""}.` : `**Suitable for MMM**: not yet —\n${p.unsuitableBecause.map((r) => `- ${r}`).join("\n")}`,
    `Roles wrong? \`${nb.variable}.setRoles({ channels: [...], controls: [...], kpiCol: "..." })\` — or pass them to initMMM.`,
    ...(p.warnings.length
      ? [
          `**Warnings**:\n${p.warnings
            .slice(0, 6)
            .map((w) => `- ${w}`)
            .join("\n")}`,
        ]
      : []),
    `Next: \`await ${nb.variable}.ask("…")\` or \`await ${nb.variable}.runFullAnalysis()\`.`,
  ].join("\n\n");
}

/** What a loaded model holds, for the first cell. */
function modelSummary(nb: NotebookMMM, dir: string, withData: boolean): string {
  const a = nb.engine.analysis;
  const current = a.current;
  const fits = [a.ridge, a.bayesian].filter((f) => f !== undefined).map((f) => `${f.kind} (fitted ${f.at.slice(0, 10)})`);
  const r = current?.result;
  return [
    `**Model loaded** from \`${dir}\`: ${fits.join(" and ")}; current: **${current?.kind ?? "none"}**.`,
    r ? `**KPI**: ${r.kpi}, ${r.weeks} weeks ${r.start} to ${r.end}. **Channels**: ${r.channels.map((c) => c.name).join(", ")}.` : "",
    withData ? "The data matches the model (same modelled columns)." : "No dataset loaded: summaries, curves, budget plans and forecasts work; pass `source` as well to keep working on the data.",
    `Next: \`await ${nb.variable}.forecast({ spend: { … }, weeks: 13 })\` or \`await ${nb.variable}.ask("…")\`.`,
  ]
    .filter(Boolean)
    .join("\n\n");
}

export function initMMM(opts: InitOptions): Promise<NotebookMMM> {
  return cellSafe(async () => {
    const roles = { kpiCol: opts.kpiCol, dateCol: opts.dateCol, geoCol: opts.geoCol, channels: opts.channels, controls: opts.controls, weekly: opts.weekly };
    if (opts.source === undefined && !opts.model) throw new MMMError("INVALID_ARGUMENT", "initMMM needs data or a saved model.", 'Pass source (e.g. initMMM({ source: "data/weekly.csv" })) or model (a folder nb.save wrote).');
    const engine = opts.model ? await MMMEngine.load(opts.model, { data: opts.source, ...roles }) : undefined;
    const agent = new MMMAgent({ llm: opts.llm, config: opts.agent, engine });
    if (!opts.model) await agent.engine.loadData(opts.source!, roles);
    const nb = new NotebookMMM(agent);
    if (opts.variable) nb.variable = opts.variable;
    display(markdownBundle(opts.model ? modelSummary(nb, opts.model, opts.source !== undefined) : summary(nb)));
    return nb;
  });
}
