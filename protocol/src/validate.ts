/**
 * Validators for the payloads (./payloads.ts). A validator never throws: it returns the typed
 * value or the reason it is not one, so a renderer can show an error box for a malformed or
 * future-version payload. They are the extension's only way in, and the kernel-side contract test
 * runs them over what the kernel emits.
 */
import { PAYLOAD_VERSION } from "./mime";
import type { ChatPayload, PlotlyFigure, QuestionPayload, RunInfo, TracePayload, TraceStep } from "./payloads";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

type Obj = Record<string, unknown>;

class Invalid extends Error {}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function str(o: Obj, key: string, where: string): string {
  if (typeof o[key] !== "string") throw new Invalid(`${where}.${key} should be a string`);
  return o[key] as string;
}

function num(o: Obj, key: string, where: string): number {
  if (typeof o[key] !== "number" || !Number.isFinite(o[key])) throw new Invalid(`${where}.${key} should be a number`);
  return o[key] as number;
}

function optStrings(o: Obj, key: string, where: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new Invalid(`${where}.${key} should be a list of strings`);
  return v as string[];
}

function optStr(o: Obj, key: string, where: string): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, where);
}

/** Root object with a known `version` and a string `session`. */
function root(data: unknown, what: string): Obj {
  if (!isObj(data)) throw new Invalid(`${what} payload should be a JSON object`);
  if (data.version !== PAYLOAD_VERSION) throw new Invalid(`${what} payload version ${JSON.stringify(data.version)} is not supported (this extension reads version ${PAYLOAD_VERSION}): update the extension or agentic-mmm so they match`);
  str(data, "session", what);
  return data;
}

function guard<T>(f: () => T): Parsed<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    return { ok: false, error: `unreadable payload: ${String(e)}` };
  }
}

function parseRun(v: unknown): RunInfo {
  if (!isObj(v)) throw new Invalid("trace.run should be an object");
  if (v.status === "running") return { status: "running" };
  if (v.status !== "completed" && v.status !== "waiting_for_user" && v.status !== "step_limit") throw new Invalid(`trace.run.status ${JSON.stringify(v.status)} is unknown`);
  return { status: v.status, phase: str(v, "phase", "trace.run"), steps: num(v, "steps", "trace.run"), seconds: num(v, "seconds", "trace.run") };
}

function parseStep(v: unknown, i: number): TraceStep {
  const w = `trace.steps[${i}]`;
  if (!isObj(v)) throw new Invalid(`${w} should be an object`);
  const at = str(v, "at", w);
  switch (v.type) {
    case "tool":
      if (typeof v.ok !== "boolean") throw new Invalid(`${w}.ok should be a boolean`);
      return { type: "tool", at, phase: str(v, "phase", w), tool: str(v, "tool", w), args: v.args, ok: v.ok, summary: str(v, "summary", w), ms: num(v, "ms", w) };
    case "phase":
      return { type: "phase", at, from: str(v, "from", w), to: str(v, "to", w), reason: str(v, "reason", w) };
    case "llm":
      return { type: "llm", at, phase: str(v, "phase", w), step: num(v, "step", w), ms: num(v, "ms", w), toolCalls: optStrings(v, "toolCalls", w) ?? [], text: optStr(v, "text", w) };
    case "question":
      return { type: "question", at, id: str(v, "id", w), prompt: str(v, "prompt", w), options: optStrings(v, "options", w) };
    case "answer":
      return { type: "answer", at, id: str(v, "id", w), value: v.value };
    case "request":
      return { type: "request", at, text: str(v, "text", w) };
    case "limit":
      return { type: "limit", at, steps: num(v, "steps", w) };
    case "error":
      return { type: "error", at, message: str(v, "message", w) };
    default:
      throw new Invalid(`${w}.type ${JSON.stringify(v.type)} is unknown`);
  }
}

export function parseTrace(data: unknown): Parsed<TracePayload> {
  return guard(() => {
    const o = root(data, "trace");
    if (!Array.isArray(o.steps)) throw new Invalid("trace.steps should be a list");
    return { version: 1, session: o.session as string, run: parseRun(o.run), steps: o.steps.map(parseStep) };
  });
}

export function parseQuestion(data: unknown): Parsed<QuestionPayload> {
  return guard(() => {
    const o = root(data, "question");
    if (o.kind !== "text" && o.kind !== "choice") throw new Invalid(`question.kind ${JSON.stringify(o.kind)} should be "text" or "choice"`);
    const options = optStrings(o, "options", "question");
    if (o.kind === "choice" && !options?.length) throw new Invalid("a choice question needs options");
    if (o.multiple !== undefined && typeof o.multiple !== "boolean") throw new Invalid("question.multiple should be a boolean");
    return {
      version: 1,
      session: o.session as string,
      id: str(o, "id", "question"),
      kind: o.kind,
      prompt: str(o, "prompt", "question"),
      options,
      multiple: o.multiple as boolean | undefined,
      default: optStr(o, "default", "question"),
      answerCode: str(o, "answerCode", "question"),
    };
  });
}

export function parseChat(data: unknown): Parsed<ChatPayload> {
  return guard(() => {
    const o = root(data, "chat");
    return { version: 1, session: o.session as string, variable: str(o, "variable", "chat"), phase: str(o, "phase", "chat") };
  });
}

export function parsePlotly(data: unknown): Parsed<PlotlyFigure> {
  return guard(() => {
    if (!isObj(data)) throw new Invalid("Plotly figure should be a JSON object");
    if (!Array.isArray(data.data) || !data.data.every(isObj)) throw new Invalid("Plotly figure.data should be a list of traces");
    if (data.layout !== undefined && !isObj(data.layout)) throw new Invalid("Plotly figure.layout should be an object");
    return { data: data.data as Obj[], layout: (data.layout as Obj | undefined) ?? {} };
  });
}

/** The title of a figure, if it has one (`layout.title` is a string or `{ text }`). */
export function figureTitle(fig: PlotlyFigure): string {
  const t = fig.layout.title;
  if (typeof t === "string") return t;
  if (isObj(t) && typeof t.text === "string") return t.text;
  return "chart";
}
