/**
 * What a tool is: a name, a one-line description the model reads, a zod schema for its arguments
 * and a plain function. Tools never see the LLM; they act on the engine and return JSON.
 */
import type { z } from "zod";
import type { AgentConfig } from "../config";
import type { MMMEngine } from "../engine";
import type { AnalysisNote } from "../analysis/analysis";
import type { Phase, PhaseTransition, ToolPhase } from "../workflow";
import type { CustomToolRegistry } from "./sandbox/customTools";

export type ToolCategory = "data" | "mmm" | "meta" | "workflow";

export type { ToolPhase };

/** An analysis note (add_analysis_note): kept by the analysis. */
export type { AnalysisNote } from "../analysis/analysis";

/** A question the agent put to the analyst (ask_user / ask_user_to_choose): the protocol's, as the panel reads it. */
export type { Question as PendingQuestion } from "agentic-mmm-protocol";

/** State changes a tool asks for; the tool node applies them to the graph state. */
export interface ToolStateUpdate {
  phase?: { to: Phase; reason: string };
  notes?: AnalysisNote[];
}

/** One registered tool as list_all_tools shows it (built-in or custom). */
export interface CatalogueEntry {
  name: string;
  category: ToolCategory | "custom";
  description: string;
  /** Its argument schema (list_all_tools gives it as JSON Schema, for use_tool). */
  schema?: z.ZodObject;
  /** Whether the model was given the tool in the current step (else it reaches it through use_tool). */
  bound?: boolean;
}

/** Live progress of a long tool (search, sampler) for the trace and notebook progress bars. */
export interface ToolProgress {
  tool: string;
  message: string;
  fraction?: number;
}

/** The latest results: a read-only view of the engine's analysis (`engine.analysis` is the one owner). */
export type { AnalysisResults } from "../analysis/resultsView";

/** What a tool can touch. */
export interface ToolContext {
  /** The engine; what the analysis has reached (fits, plans, charts, notes) is `engine.analysis`. */
  engine: MMMEngine;
  customTools: CustomToolRegistry;
  config: AgentConfig;
  phase: Phase;
  notes: readonly AnalysisNote[];
  transitions: readonly PhaseTransition[];
  /** Every registered tool (built-in and custom), for list_all_tools; `bound` when the tool node knows the call's scope. */
  catalogue: () => CatalogueEntry[];
  update: (patch: ToolStateUpdate) => void;
  progress: (p: ToolProgress) => void;
  signal?: AbortSignal;
}

export interface MmmTool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  category: ToolCategory;
  description: string;
  schema: S;
  /**
   * The tool's phase. It is bound to the model in that phase and the phases next to it
   * (agent/toolScope.ts), and a success moves the analysis forward to it; "always" tools are bound
   * in every phase and never move it.
   */
  phase: ToolPhase;
  /** Other phases where the model is likely to call it (e.g. roi_summary while reporting): bound there too. */
  alsoIn?: readonly Phase[];
  /** Asks the analyst: handled by the graph's human node (LangGraph interrupt), not run directly. */
  asksUser?: boolean;
  run(args: z.output<S>, ctx: ToolContext): unknown;
}

/** Typed constructor: infers the argument type of `run` from the schema. */
export function defineTool<S extends z.ZodObject>(t: MmmTool<S>): MmmTool<S> {
  return t;
}
