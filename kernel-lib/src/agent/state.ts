/**
 * The graph state: the conversation plus what the analysis has reached. Engine objects (data
 * frames, fitted models) and the notes live in the engine's analysis, not here, so checkpoints stay
 * small JSON and nothing is kept twice; the state carries summaries (`data`, `models`).
 */
import { Annotation, MessagesAnnotation } from "@langchain/langgraph";
import type { BaseMessage } from "@langchain/core/messages";
import type { PendingQuestion } from "../tools/types";
import type { Phase, PhaseTransition } from "../workflow";

/** What the model is told about the working table. */
export interface DataHandle {
  loaded: boolean;
  rows?: number;
  columns?: number;
  kpiCol?: string;
  dateCol?: string;
  source?: string;
  steps: string[];
}

/** Headline numbers of the fits so far. */
export interface ModelSummary {
  latest?: "ridge" | "bayesian";
  ridge?: { r2: number; mape: number };
  bayesian?: { r2: number; maxRhat: number; divergences: number };
  budget?: { total: number; uplift: number };
}

const replace = <T>(_: T, b: T): T => b;
const append = <T>(a: T[], b: T[]): T[] => a.concat(b);

/** @internal Declaration files cannot name LangGraph's inferred channel types; use AgentStateType. */
export const AgentState = Annotation.Root({
  ...MessagesAnnotation.spec,
  phase: Annotation<Phase>({ reducer: replace, default: () => "IDLE" }),
  transitions: Annotation<PhaseTransition[]>({ reducer: append, default: () => [] }),
  /** The question waiting for the analyst (set before the interrupt, cleared by the answer). */
  pendingQuestion: Annotation<PendingQuestion | null>({ reducer: replace, default: () => null }),
  /** Model calls in the current run (reset by each new request). */
  steps: Annotation<number>({ reducer: replace, default: () => 0 }),
  data: Annotation<DataHandle>({ reducer: replace, default: () => ({ loaded: false, steps: [] }) }),
  models: Annotation<ModelSummary>({ reducer: replace, default: () => ({}) }),
  /** Why the run stopped early, if it did. */
  stopReason: Annotation<"step_limit" | null>({ reducer: replace, default: () => null }),
});

/** The state's values (spelled out: declaration files cannot name LangGraph's inferred types). */
export interface AgentStateType {
  messages: BaseMessage[];
  phase: Phase;
  transitions: PhaseTransition[];
  pendingQuestion: PendingQuestion | null;
  steps: number;
  data: DataHandle;
  models: ModelSummary;
  stopReason: "step_limit" | null;
}

/** What a node returns: any subset of the fields (lists are appended, the rest replaced). */
export type AgentStateUpdate = Partial<AgentStateType>;

// Compile-time proof that the interfaces match the annotation.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const stateMatches: Same<AgentStateType, typeof AgentState.State> = true;
void stateMatches;
