/**
 * The MIME bundles of the notebook protocol (SPEC §6). Each carries our JSON payload for the
 * JupyterLab extension plus `text/html` and `text/plain` fallbacks. The MIME types and payload
 * shapes are agentic-mmm-protocol's (shared with the extension): the payloads are typed by it here,
 * so a change the extension would not read fails to compile.
 */
import { MIME, type ChatPayload, type Question, type QuestionPayload, type RunInfo, type TracePayload, type TraceStep } from "agentic-mmm-protocol";
import type { AgentRun } from "../agent/session";
import type { TraceEvent } from "../agent/trace";
import { traceLine } from "../cli/traceText";
import type { DataFrame } from "../data/polars";
import { clipArgsForDisplay } from "../agent/displayText";
import { box, esc, htmlTable, markdownHtml } from "./html";
import type { MimeBundle } from "./kernelDisplay";

export { MIME };

/** A trace step as the extension reads it (live `progress` events are left out by the caller). */
function step(e: Exclude<TraceEvent, { type: "progress" }>): TraceStep {
  return e.type === "tool" ? { type: e.type, at: e.at, phase: e.phase, tool: e.tool, args: clipArgsForDisplay(e.args), ok: e.ok, summary: e.summary, ms: e.ms } : { ...e };
}

/** The run as the payload carries it: these four fields only (an AgentRun also holds its whole trace and reply). */
function runInfo(run?: Pick<AgentRun, "status" | "phase" | "steps" | "seconds">): RunInfo {
  return run ? { status: run.status, phase: run.phase, steps: run.steps, seconds: run.seconds } : { status: "running" };
}

export function traceBundle(session: string, events: readonly TraceEvent[], run?: Pick<AgentRun, "status" | "phase" | "steps" | "seconds">): MimeBundle {
  const tools = events.filter((e): e is Extract<TraceEvent, { type: "tool" }> => e.type === "tool");
  const rows = events.flatMap((e): unknown[][] => {
    if (e.type === "tool") return [[e.phase, `${e.ok ? "✓" : "✗"} ${e.tool}`, e.ok ? JSON.stringify(e.args ?? {}).slice(0, 80) : e.summary, e.ms]];
    if (e.type === "phase") return [[e.to, `── phase ${e.from} → ${e.to}`, e.reason, ""]];
    if (e.type === "question") return [["", `? ${e.prompt}`, (e.options ?? []).join(" / "), ""]];
    if (e.type === "answer") return [["", "↳ answer", JSON.stringify(e.value), ""]];
    if (e.type === "error" || e.type === "limit") return [["", e.type === "error" ? "✗ error" : "■ step limit", e.type === "error" ? e.message : `${e.steps} steps`, ""]];
    return [];
  });
  const progress = [...events].reverse().find((e): e is Extract<TraceEvent, { type: "progress" }> => e.type === "progress");
  const lastTool = events.reduce((at, e, i) => (e.type === "tool" ? i : at), -1);
  const now = progress && events.indexOf(progress) > lastTool ? ` · ${progress.tool}: ${progress.message}${progress.fraction !== undefined ? ` (${Math.round(100 * progress.fraction)}%)` : ""}` : "";
  const head = run ? `${run.status} · phase ${run.phase} · ${run.steps} steps · ${tools.length} tool calls · ${run.seconds.toFixed(1)} s` : `running · ${tools.length} tool calls so far${now}`;
  return {
    [MIME.trace]: { version: 1, session, run: runInfo(run), steps: events.filter((e) => e.type !== "progress").map(step) } satisfies TracePayload,
    "text/html": box(`Agent trace — ${head}`, htmlTable(["phase", "step", "detail", "ms"], rows)),
    "text/plain": [`Agent trace — ${head}`, ...events.map(traceLine).filter((l): l is string => !!l)].join("\n"),
  };
}

export function questionBundle(session: string, q: Question, variable: string): MimeBundle {
  const example = q.kind === "choice" ? JSON.stringify(q.default ?? q.options?.[0] ?? "") : JSON.stringify(q.default ?? "your answer");
  const code = `await ${variable}.answer(${JSON.stringify(q.id)}, ${example})`;
  const options = q.options?.length ? `<ol start="0">${q.options.map((o) => `<li>${esc(o)}</li>`).join("")}</ol>` : "";
  return {
    [MIME.question]: { version: 1, session, ...q, answerCode: code } satisfies QuestionPayload,
    "text/html": box(`The agent asks: ${q.prompt}`, `${options}<div>Answer in the next cell: <code>${esc(code)}</code></div>`, "#ff7f0e"),
    "text/plain": [`The agent asks: ${q.prompt}`, ...(q.options ?? []).map((o, i) => `  ${i}. ${o}`), `Answer in the next cell: ${code}`].join("\n"),
  };
}

export function chatBundle(session: string, variable: string, phase: string): MimeBundle {
  const say = `await ${variable}.say("…")`;
  return {
    [MIME.chat]: { version: 1, session, variable, phase } satisfies ChatPayload,
    "text/html": box("Chat with the agent", `<div>The agentic-mmm side panel has a chat box for this session. Without the extension, continue in a cell: <code>${esc(say)}</code></div>`),
    "text/plain": `Chat with the agent: open the agentic-mmm side panel, or continue in a cell with ${say}`,
  };
}

export function markdownBundle(md: string): MimeBundle {
  return { "text/markdown": md, "text/html": markdownHtml(md), "text/plain": md };
}

/** A Polars frame as an HTML table (first `maxRows` rows). */
export function frameBundle(df: DataFrame, maxRows = 20): MimeBundle {
  const head = df.head(maxRows);
  const cols = head.columns;
  const rows = head.rows().map((r) => (r as unknown[]).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)));
  const note = df.height > maxRows ? `<div style="font-size:11px;opacity:.7">${maxRows} of ${df.height.toLocaleString("en-US")} rows × ${df.width} columns</div>` : "";
  return { "text/html": htmlTable(cols, rows) + note, "text/plain": head.toString() };
}
