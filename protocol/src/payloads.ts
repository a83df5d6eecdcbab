/**
 * The JSON payloads under our MIME types, as the kernel writes them and the extension reads them.
 * Phases and tools are plain strings here: the extension shows whatever the kernel names, so a new
 * phase or tool needs no extension release.
 */

/** How a run stands: still going (live updates of the same output), or ended. */
export type RunInfo = { status: "running" } | { status: RunStatus; phase: string; steps: number; seconds: number };

export type RunStatus = "completed" | "waiting_for_user" | "step_limit";

/** One step of the agent's trace (the kernel's live `progress` events are not part of it). */
export type TraceStep =
  | { type: "tool"; at: string; phase: string; tool: string; args: unknown; ok: boolean; summary: string; ms: number }
  | { type: "phase"; at: string; from: string; to: string; reason: string }
  | { type: "llm"; at: string; phase: string; step: number; ms: number; toolCalls: string[]; text?: string }
  | { type: "question"; at: string; id: string; prompt: string; options?: string[] }
  | { type: "answer"; at: string; id: string; value: unknown }
  | { type: "request"; at: string; text: string }
  | { type: "limit"; at: string; steps: number }
  | { type: "error"; at: string; message: string };

export interface TracePayload {
  version: 1;
  session: string;
  run: RunInfo;
  steps: TraceStep[];
}

/** A question the agent puts to the analyst (ask_user / ask_user_to_choose). */
export interface Question {
  /** The tool call id: stable across the interrupt and its resume. */
  id: string;
  kind: "text" | "choice";
  prompt: string;
  options?: string[];
  /** Allow several options (ask_user_to_choose with multiple). */
  multiple?: boolean;
  default?: string;
}

export interface QuestionPayload extends Question {
  version: 1;
  session: string;
  /** The cell the analyst can run instead (shown, never executed by the extension). */
  answerCode: string;
}

export interface ChatPayload {
  version: 1;
  session: string;
  /** The variable the analyst holds the session in (for hints). */
  variable: string;
  phase: string;
}

/** A Plotly figure as the kernel draws it (`application/vnd.plotly.v1+json`). */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}
