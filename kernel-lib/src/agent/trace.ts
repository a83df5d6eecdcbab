/**
 * The agent trace: what happened in a run, step by step, for the notebook, the side panel and the
 * report. Events are emitted live (progress bars, the panel's timeline) and collected per run.
 */
import { redactDeep } from "../secrets";
import type { Phase } from "../workflow";

export type TraceEvent =
  | { type: "request"; at: string; text: string }
  | { type: "llm"; at: string; phase: Phase; step: number; ms: number; toolCalls: string[]; text?: string }
  | { type: "tool"; at: string; phase: Phase; tool: string; args: unknown; ok: boolean; summary: string; ms: number }
  | { type: "phase"; at: string; from: Phase; to: Phase; reason: string }
  | { type: "question"; at: string; id: string; prompt: string; options?: string[] }
  | { type: "answer"; at: string; id: string; value: unknown }
  | { type: "progress"; at: string; tool: string; message: string; fraction?: number }
  | { type: "limit"; at: string; steps: number }
  | { type: "error"; at: string; message: string };

/** Distributes events to listeners and keeps the current run's events. */
export class TraceRecorder {
  #events: TraceEvent[] = [];
  readonly #listeners = new Set<(e: TraceEvent) => void>();

  /** Events are redacted here, once: the run's trace, live listeners and bundles all see the masked copy. */
  emit(event: TraceEvent): void {
    const e = redactDeep(event);
    this.#events.push(e);
    for (const l of this.#listeners) {
      try {
        l(e);
      } catch {
        // A failing display must never break the analysis.
      }
    }
  }

  subscribe(listener: (e: TraceEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Start collecting a new run; returns the previous run's events. */
  startRun(): TraceEvent[] {
    const prev = this.#events;
    this.#events = [];
    return prev;
  }

  get events(): readonly TraceEvent[] {
    return this.#events;
  }
}

export const now = (): string => new Date().toISOString();

/** One line for a tool result in the trace (never the whole payload). */
export function summarise(text: string, max = 240): string {
  const t = text.replace(/\s+/g, " ");
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
