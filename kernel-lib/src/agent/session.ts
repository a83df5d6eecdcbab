/**
 * `MMMAgent`: one analysis conversation — the graph, its thread, the engine and the tools. `ask`
 * runs the graph until the agent answers, asks the analyst (then `answer` resumes the same
 * thread with Command({ resume })), or reaches the step limit. A failed run (unreachable LLM,
 * bad answer) throws a clear error and leaves the thread and the loaded data as they were.
 */
import { HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { Command, MemorySaver } from "@langchain/langgraph";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { AGENT_CFG, type AgentConfig } from "../config";
import { MMMEngine } from "../engine";
import { pickRoleOptions } from "../data/roleOptions";
import { requestFromOptions, type AnalysisRequest, type FullAnalysisOptions } from "../playbook/request";
import { TYPED_REQUEST } from "./offline/history";
import { MMMError } from "../errors";
import { redact, redactDeep, registerConfigSecrets } from "../secrets";
import { ToolRegistry } from "../tools/registry";
import { CustomToolRegistry, type CustomToolSpec } from "../tools/sandbox/customTools";
import type { AnalysisNote, AnalysisResults, PendingQuestion } from "../tools/types";
import { resultsView } from "../analysis/resultsView";
import { buildAgentGraph, type AgentGraph } from "./graph";
import { resolveLlm, type LlmSpec } from "./llm/providers";
import type { Phase, PhaseTransition } from "../workflow";
import type { AgentRuntime } from "./runtime";
import { checkAnswer } from "../tools/answers";
import { now, TraceRecorder, type TraceEvent } from "./trace";

export interface AgentOptions {
  engine?: MMMEngine;
  llm?: LlmSpec;
  /** Overrides of AGENT_CFG for this session (e.g. maxAgentSteps). */
  config?: Partial<AgentConfig>;
  threadId?: string;
  /** Called with every trace event as it happens. */
  onEvent?: (e: TraceEvent) => void;
}

export interface AgentRun {
  status: "completed" | "waiting_for_user" | "step_limit";
  /** The agent's last message (markdown); the question's prompt when waiting. */
  reply: string;
  question?: PendingQuestion;
  phase: Phase;
  steps: number;
  trace: TraceEvent[];
  seconds: number;
}

/** The same error with its message and hint masked (a new one only when something was masked). */
function redactError(e: MMMError): MMMError {
  const [w, h] = [redact(e.what), redact(e.hint)];
  return w === e.what && h === e.hint ? e : new MMMError(e.code, w, h, redactDeep(e.location));
}

const textOf = (m: BaseMessage | undefined): string => (!m ? "" : typeof m.content === "string" ? m.content : JSON.stringify(m.content));

export class MMMAgent {
  readonly engine: MMMEngine;
  readonly customTools = new CustomToolRegistry();
  readonly tools: ToolRegistry;
  /** The analysis's fits, plan, charts and export, read-only and live (`engine.analysis` owns them). */
  readonly results: AnalysisResults;
  readonly trace = new TraceRecorder();
  readonly threadId: string;
  readonly llmLabel: string;
  readonly provider: string;
  readonly #graph: AgentGraph;
  readonly #runtime: AgentRuntime;
  #pending?: PendingQuestion;
  #busy = false;

  constructor(opts: AgentOptions = {}) {
    this.engine = opts.engine ?? new MMMEngine();
    this.results = resultsView(this.engine.analysis);
    this.tools = new ToolRegistry(this.customTools);
    // The LLM config's keys are masked wherever text leaves the process, whatever the provider.
    registerConfigSecrets(opts.llm);
    const llm = resolveLlm(opts.llm);
    this.llmLabel = llm.label;
    this.provider = llm.provider;
    this.threadId = opts.threadId ?? randomUUID();
    const config = { ...AGENT_CFG, ...opts.config };
    this.#runtime = { engine: this.engine, registry: this.tools, llm: llm.model, llmLabel: llm.label, retry: llm.retry, config, trace: this.trace };
    this.#graph = buildAgentGraph(this.#runtime, new MemorySaver());
    if (opts.onEvent) this.trace.subscribe(opts.onEvent);
  }

  get #config() {
    return { configurable: { thread_id: this.threadId }, recursionLimit: 4 * this.#runtime.config.maxAgentSteps + 20 };
  }

  /** The question the agent is waiting on, if any. */
  get pendingQuestion(): PendingQuestion | undefined {
    return this.#pending;
  }

  /** Ask the agent anything; resolves when it answers, asks a question or hits the step limit. */
  async ask(text: string): Promise<AgentRun> {
    return this.#start(new HumanMessage(redact(text)), text);
  }

  /**
   * Ask for a full analysis: profile → validate → features → adstock → model → evaluation → budget →
   * report. The options travel typed: the message carries them (`additional_kwargs`) for the offline
   * planner and as JSON in its text for an LLM; nothing is written as prose and parsed back.
   */
  async runFullAnalysis(o: FullAnalysisOptions = {}): Promise<AgentRun> {
    this.#assertIdle();
    // Roles go to the engine as typed values (checked there: a wrong name changes nothing); the planner and an LLM read them from the profile.
    const roles = pickRoleOptions(o);
    if (Object.keys(roles).length) this.engine.setRoles(roles);
    if (o.exportDir) {
      // The analyst named this directory: the agent's export_report may write there (and only there) outside its root.
      const cfg = this.#runtime.config;
      cfg.allowedExportDirs = [...(cfg.allowedExportDirs ?? []), resolve(o.exportDir)];
    }
    const request = redactDeep(JSON.parse(JSON.stringify(requestFromOptions(o))) as AnalysisRequest);
    const text = `Run a full MMM analysis of the loaded data with these options (JSON): ${JSON.stringify(request)}`;
    return this.#start(new HumanMessage({ content: redact(text), additional_kwargs: { [TYPED_REQUEST]: request } }), text);
  }

  async #start(message: HumanMessage, text: string): Promise<AgentRun> {
    this.#assertIdle();
    if (this.#pending)
      throw new MMMError(
        "INVALID_ARGUMENT",
        `The agent is waiting for an answer to: "${this.#pending.prompt}"`,
        `Answer it first: await nb.answer("${this.#pending.id}", ...)${this.#pending.options ? ` with one of ${JSON.stringify(this.#pending.options)}` : ""}.`,
      );
    this.trace.startRun();
    this.trace.emit({ type: "request", at: now(), text: redact(text) });
    return this.#run({ messages: [message], steps: 0, stopReason: null });
  }

  /** Answer the pending question and resume the run where it stopped. */
  async answer(questionId: string, value: unknown): Promise<AgentRun> {
    const q = this.#pending;
    if (!q) throw new MMMError("INVALID_ARGUMENT", "No question is waiting for an answer.", "Ask the agent something first (nb.ask).");
    if (q.id !== questionId) throw new MMMError("INVALID_ARGUMENT", `Question '${questionId}' is not the pending one.`, `The pending question is '${q.id}': "${q.prompt}".`);
    this.#assertIdle();
    const resume = checkAnswer(q, value);
    this.#pending = undefined;
    this.trace.startRun();
    try {
      return await this.#run(new Command({ resume }));
    } catch (err) {
      this.#pending ??= q;
      throw err;
    }
  }

  /** Register a custom tool (sandboxed) for the agent and for direct use. */
  async addTool(spec: CustomToolSpec) {
    return this.customTools.add(spec, { reservedNames: this.tools.builtinNames });
  }

  /** Phase, notes, transitions and messages of the thread. */
  async state(): Promise<{ phase: Phase; notes: AnalysisNote[]; transitions: PhaseTransition[]; messages: number; pendingQuestion?: PendingQuestion }> {
    const s = (await this.#graph.getState(this.#config)).values as { phase?: Phase; transitions?: PhaseTransition[]; messages?: BaseMessage[] };
    return redactDeep({ phase: s.phase ?? "IDLE", notes: [...this.engine.analysis.notes], transitions: s.transitions ?? [], messages: s.messages?.length ?? 0, pendingQuestion: this.#pending });
  }

  async #run(input: Parameters<AgentGraph["invoke"]>[0]): Promise<AgentRun> {
    // One run at a time per thread: two interleaved runs would corrupt the conversation.
    this.#assertIdle();
    this.#busy = true;
    try {
      return await this.#invoke(input);
    } finally {
      this.#busy = false;
    }
  }

  #assertIdle(): void {
    if (this.#busy) throw new MMMError("INVALID_ARGUMENT", "The agent is still working on the previous request.", "Wait for it to finish (await the earlier call), then ask again.");
  }

  async #invoke(input: Parameters<AgentGraph["invoke"]>[0]): Promise<AgentRun> {
    const t0 = performance.now();
    try {
      await this.#graph.invoke(input, this.#config);
    } catch (err) {
      const e = err instanceof MMMError ? redactError(err) : new MMMError("LLM_FAILED", redact(err instanceof Error ? err.message : String(err)), "The analysis state is kept; fix the cause and ask again.");
      this.trace.emit({ type: "error", at: now(), message: e.message });
      throw e;
    }
    const snap = await this.#graph.getState(this.#config);
    const values = snap.values as { messages: BaseMessage[]; phase: Phase; steps: number; stopReason: string | null };
    const interrupt = snap.tasks.flatMap((t) => t.interrupts ?? [])[0];
    this.#pending = interrupt ? (interrupt.value as PendingQuestion) : undefined;
    const status = this.#pending ? "waiting_for_user" : values.stopReason === "step_limit" ? "step_limit" : "completed";
    const reply = this.#pending ? this.#pending.prompt : textOf(values.messages[values.messages.length - 1]);
    return redactDeep({ status, reply, question: this.#pending, phase: values.phase, steps: values.steps, trace: [...this.trace.events], seconds: (performance.now() - t0) / 1000 });
  }
}
