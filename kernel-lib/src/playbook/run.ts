/**
 * The full analysis without an agent: the playbook's steps (fullPlan.ts) run as tool calls on the
 * engine, in order, with the same tools, arguments and questions the offline planner sends through
 * the graph — so a script, a scheduled job or a test gets the same analysis with no LLM, no graph
 * and no Jupyter. Questions go to `ask`; without it a question with a default takes the default
 * (recorded as assumed) and one without fails with the question in the error.
 */
import { resolve } from "node:path";
import { AGENT_CFG, type AgentConfig } from "../config";
import { pickRoleOptions } from "../data/roleOptions";
import type { MMMEngine } from "../engine";
import { MMMError } from "../errors";
import { checkAnswer, questionFrom } from "../tools/answers";
import { invokeTool, toolContext, type ToolHost } from "../tools/invoke";
import { ToolRegistry } from "../tools/registry";
import { CustomToolRegistry } from "../tools/sandbox/customTools";
import type { PendingQuestion } from "../tools/types";
import { phaseAfterSuccess, type Phase, type PhaseTransition } from "../workflow";
import { FULL_ANALYSIS } from "./fullPlan";
import { parseResult, type Conversation, type ToolRecord } from "./records";
import { requestFromOptions, type FullAnalysisOptions } from "./request";
import { nextStep } from "./steps";

export interface FullAnalysisHooks {
  /** Answers a question: one of its options for a choice (a list when `multiple`), text otherwise. */
  ask?: (question: PendingQuestion) => unknown;
  /** Called after each tool call with its record. */
  onStep?: (record: ToolRecord) => void;
  /** Overrides of AGENT_CFG (e.g. bayesConfirmSeconds, export roots). */
  config?: Partial<AgentConfig>;
}

export interface AnsweredQuestion {
  question: PendingQuestion;
  answer: unknown;
  /** True when no `ask` was given and the question's default was taken. */
  assumed: boolean;
}

export interface FullAnalysisResult {
  /** The final report (markdown): what the offline agent would reply. */
  report: string;
  /** Every tool call, in order, with its arguments and result. */
  steps: ToolRecord[];
  questions: AnsweredQuestion[];
  /** The phase the analysis reached. */
  phase: Phase;
  transitions: PhaseTransition[];
}

/** Tool calls at most: the plan makes about 25; a loop would otherwise never end. */
const MAX_CALLS = 200;

async function answer(q: PendingQuestion, ask: FullAnalysisHooks["ask"]): Promise<AnsweredQuestion> {
  if (ask) return { question: q, answer: checkAnswer(q, await ask(q)), assumed: false };
  if (q.default !== undefined) return { question: q, answer: checkAnswer(q, q.multiple ? q.default.split(/\s*,\s*/) : q.default), assumed: true };
  throw new MMMError(
    "NEEDS_ANSWER",
    `The analysis needs an answer: "${q.prompt}"${q.options ? ` (options: ${q.options.join(", ")})` : ""}.`,
    "Pass ask: (q) => answer to fullAnalysis, or settle it up front in the options (e.g. kpiCol, channels).",
  );
}

/** Run the full analysis on `engine`'s loaded data; resolves with the report and every step. */
export async function fullAnalysis(engine: MMMEngine, options: FullAnalysisOptions = {}, hooks: FullAnalysisHooks = {}): Promise<FullAnalysisResult> {
  const roles = pickRoleOptions(options);
  if (Object.keys(roles).length) engine.setRoles(roles);
  const config: AgentConfig = { ...AGENT_CFG, ...hooks.config };
  // The directory the caller named may receive the report, as with runFullAnalysis({ exportDir }).
  if (options.exportDir) config.allowedExportDirs = [...(config.allowedExportDirs ?? []), resolve(options.exportDir)];
  const host: ToolHost = { engine, registry: new ToolRegistry(new CustomToolRegistry()), config };
  const request = requestFromOptions(options);
  const conv: Conversation = { request: "full analysis", records: [], size: 0 };
  const questions: AnsweredQuestion[] = [];
  let phase: Phase = "IDLE";
  const transitions: PhaseTransition[] = [];
  const move = (to: Phase, reason: string) => {
    if (to !== phase) transitions.push({ from: phase, to, at: new Date().toISOString(), reason });
    phase = to;
  };
  for (let i = 0; i < MAX_CALLS; i++) {
    const action = nextStep(FULL_ANALYSIS, conv, request);
    if (action.kind === "reply") return { report: action.text, steps: conv.records, questions, phase, transitions };
    const tool = host.registry.builtin(action.name);
    let record: ToolRecord;
    if (tool?.asksUser) {
      const a = await answer(questionFrom(`q${questions.length + 1}`, action.name, action.args), hooks.ask);
      questions.push(a);
      record = { name: action.name, ok: true, result: { answer: a.answer }, args: action.args };
    } else {
      const ctx = toolContext(host, phase, [...transitions], { update: (p) => p.phase && move(p.phase.to, p.phase.reason), progress: () => {} });
      const out = await invokeTool(host, action, ctx);
      record = { name: action.name, ok: out.ok && !("error" in parseResult(out.text)), result: parseResult(out.text), args: action.args };
      if (record.ok) move(phaseAfterSuccess(phase, tool?.phase), `${action.name} succeeded`);
    }
    conv.records.push(record);
    conv.size++;
    hooks.onStep?.(record);
  }
  throw new MMMError("NOT_AVAILABLE", `The full analysis made ${MAX_CALLS} tool calls without finishing.`, "Report this with the steps so far.");
}
