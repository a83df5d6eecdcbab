/**
 * The agent trace: a status line, the phase timeline (each phase the run went through, the
 * current one marked) and the step table (tool, arguments, result summary, time), with failed
 * tools, errors and the step limit highlighted. Plain DOM, no JupyterLab imports.
 */
import { parseTrace, type RunInfo, type TracePayload, type TraceStep } from "agentic-mmm-protocol";
import { clear, duration, el, errorBox, shortJson } from "./dom";

function statusLine(trace: TracePayload, interrupted: boolean): string {
  const tools = trace.steps.filter((s) => s.type === "tool").length;
  const run: RunInfo = trace.run;
  if (run.status === "running" && interrupted) return `interrupted: the kernel restarted · ${tools} tool call${tools === 1 ? "" : "s"}`;
  if (run.status === "running") return `running · ${tools} tool call${tools === 1 ? "" : "s"} so far`;
  const label = { completed: "completed", waiting_for_user: "waiting for your answer", step_limit: "stopped at the step limit" }[run.status];
  return `${label} · phase ${run.phase} · ${run.steps} steps · ${tools} tool calls · ${run.seconds.toFixed(1)} s`;
}

/** The phases in the order the run visited them (from the phase steps, else the tools' phases). */
export function phaseTimeline(trace: TracePayload): string[] {
  const out: string[] = [];
  const push = (p: string) => {
    if (p && out[out.length - 1] !== p) out.push(p);
  };
  for (const s of trace.steps) {
    if (s.type === "phase") {
      push(s.from);
      push(s.to);
    } else if (s.type === "tool" || s.type === "llm") push(s.phase);
  }
  if (trace.run.status !== "running") push(trace.run.phase);
  return out;
}

interface Row {
  kind: string;
  phase: string;
  what: string;
  detail: string;
  ms?: number;
  bad?: boolean;
}

/** A value in a few words: text as is, lists joined, objects as short JSON. */
function valueText(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.every((x) => typeof x !== "object" || x === null) ? v.join(", ") : shortJson(v, 40);
  return typeof v === "object" && v !== null ? shortJson(v, 40) : String(v);
}

/** A tool's arguments as "name value · name value", cut at `max` characters; "" for none. */
export function argsText(args: unknown, max = 80): string {
  if (args === null || args === undefined) return "";
  const text =
    typeof args === "object" && !Array.isArray(args)
      ? Object.entries(args as Record<string, unknown>)
          .map(([k, v]) => `${k} ${valueText(v)}`)
          .join(" · ")
      : valueText(args);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A tool's result summary in words: a JSON error becomes its message (and hint), other JSON its fields. */
export function summaryText(summary: string): string {
  const head = summary.trimStart()[0];
  if (head !== "{" && head !== "[") return summary;
  try {
    const parsed = JSON.parse(summary) as unknown;
    if (Array.isArray(parsed)) return `${parsed.length} item${parsed.length === 1 ? "" : "s"}${parsed.length ? `: ${argsText(parsed[0], 100)}` : ""}`;
    const o = parsed as Record<string, unknown>;
    if (typeof o.error === "string") return typeof o.hint === "string" && !o.error.includes(o.hint) ? `${o.error} ${o.hint}` : o.error;
    return argsText(o, 120);
  } catch {
    return cutJsonText(summary);
  }
}

/** A JSON summary the kernel cut short (ends in "…"): its first plain fields, "name value · …". */
function cutJsonText(summary: string): string {
  const pairs = [...summary.matchAll(/"(\w+)":("(?:[^"\\]|\\.){0,40}"|-?[\d.eE+-]+|true|false)(?=[,}])/g)].slice(0, 6);
  return pairs.length ? `${pairs.map((m) => `${m[1]} ${m[2]!.replace(/^"|"$/g, "")}`).join(" · ")} …` : summary;
}

function toolDetail(args: unknown, summary: string): string {
  const a = argsText(args, summary ? 60 : 100);
  const r = summaryText(summary);
  return a && r ? `${a} → ${r}` : a || r;
}

function row(s: TraceStep): Row | undefined {
  switch (s.type) {
    case "tool":
      return { kind: "tool", phase: s.phase, what: `${s.ok ? "✓" : "✗"} ${s.tool}`, detail: toolDetail(s.args, s.summary), ms: s.ms, bad: !s.ok };
    case "phase":
      return { kind: "phase", phase: s.to, what: `phase ${s.from} → ${s.to}`, detail: s.reason };
    case "llm":
      return { kind: "llm", phase: s.phase, what: `model step ${s.step}`, detail: s.toolCalls.length ? `calls ${s.toolCalls.join(", ")}` : (s.text ?? "").slice(0, 160), ms: s.ms };
    case "question":
      return { kind: "question", phase: "", what: "? question", detail: `${s.prompt}${s.options?.length ? ` (${s.options.join(" / ")})` : ""}` };
    case "answer":
      return { kind: "answer", phase: "", what: "↳ answer", detail: valueText(s.value) };
    case "request":
      return { kind: "request", phase: "", what: "» request", detail: s.text };
    case "limit":
      return { kind: "limit", phase: "", what: "■ step limit", detail: `${s.steps} steps`, bad: true };
    case "error":
      return { kind: "error", phase: "", what: "✗ error", detail: s.message, bad: true };
  }
}

/** The step's summary, and its JSON one click away (a toggle, hidden until asked for). */
function detailCell(doc: Document, detail: string, step: TraceStep): HTMLElement {
  const json = el(doc, "pre", { class: "ammm-json" }, JSON.stringify(step, null, 2));
  json.hidden = true;
  const toggle = el(doc, "button", { class: "ammm-detail-toggle", type: "button", title: "Show this step as JSON", "aria-expanded": "false" }, "{ }");
  toggle.addEventListener("click", () => {
    json.hidden = !json.hidden;
    toggle.setAttribute("aria-expanded", String(!json.hidden));
  });
  return el(doc, "td", { class: "ammm-detail", title: detail }, el(doc, "span", { class: "ammm-detail-summary" }, detail), " ", toggle, json);
}

function stepTable(doc: Document, trace: TracePayload): HTMLElement {
  const head = el(doc, "tr", {}, ...["time", "phase", "step", "detail", "time taken"].map((h) => el(doc, "th", {}, h)));
  const rows = trace.steps.flatMap((s) => {
    const r = row(s);
    if (!r) return [];
    const cls = `ammm-step ammm-step-${r.kind}${r.bad ? " ammm-step-bad" : ""}`;
    return [
      el(
        doc,
        "tr",
        { class: cls },
        el(doc, "td", { class: "ammm-at" }, s.at.slice(11, 19)),
        el(doc, "td", {}, r.phase),
        el(doc, "td", { class: "ammm-what" }, r.what),
        detailCell(doc, r.detail, s),
        el(doc, "td", { class: "ammm-ms" }, r.ms === undefined ? "" : duration(r.ms)),
      ),
    ];
  });
  const body = rows.length ? rows : [el(doc, "tr", {}, el(doc, "td", { class: "ammm-empty" }, "No steps yet."))];
  return el(doc, "table", { class: "ammm-steps" }, el(doc, "thead", {}, head), el(doc, "tbody", {}, ...body));
}

/** Build the view of an already validated trace. */
export function traceElement(doc: Document, trace: TracePayload, opts: { interrupted?: boolean } = {}): HTMLElement {
  const interrupted = trace.run.status === "running" && opts.interrupted === true;
  const phases = phaseTimeline(trace);
  const current = trace.run.status === "running" ? phases[phases.length - 1] : trace.run.phase;
  const timeline = el(doc, "ol", { class: "ammm-timeline" }, ...phases.map((p, i) => el(doc, "li", { class: i === phases.length - 1 && p === current ? "ammm-phase ammm-phase-current" : "ammm-phase" }, p)));
  const errors = trace.steps.filter((s) => (s.type === "tool" && !s.ok) || s.type === "error").length;
  return el(
    doc,
    "div",
    { class: `ammm-trace ammm-run-${interrupted ? "interrupted" : trace.run.status}`, "data-session": trace.session },
    el(doc, "div", { class: "ammm-title" }, "Agent trace — ", el(doc, "span", { class: "ammm-status" }, statusLine(trace, interrupted))),
    errors ? el(doc, "div", { class: "ammm-errors-count" }, `${errors} failed step${errors === 1 ? "" : "s"}`) : null,
    phases.length ? timeline : null,
    stepTable(doc, trace),
  );
}

/** Render a trace payload into `host` (an error box when it cannot be read). */
export function renderTrace(host: HTMLElement, data: unknown): void {
  const doc = host.ownerDocument;
  clear(host);
  const parsed = parseTrace(data);
  host.append(parsed.ok ? traceElement(doc, parsed.value) : errorBox(doc, "agentic-mmm: cannot show this agent trace", parsed.error));
}
