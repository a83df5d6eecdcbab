/**
 * The analysis phases, in order, and the rules for moving between them. Plain data and pure
 * functions: no engine, tool or agent. Each tool declares its phase on itself (tools/types.ts);
 * the agent moves the analysis forward when a tool of a later phase succeeds (`phaseAfterSuccess`),
 * and `set_phase` may move anywhere (e.g. back to FEATURE_ENGINEERING after a poor fit).
 */

export const PHASES = ["IDLE", "DATA_LOADING", "DATA_PROFILING", "DATA_VALIDATION", "FEATURE_ENGINEERING", "ADSTOCK_OPTIMISATION", "MODELING", "EVALUATION", "BUDGET_OPTIMISATION", "REPORTING"] as const;

export type Phase = (typeof PHASES)[number];

/**
 * Where a tool belongs in the analysis: the phase whose work it does, or "always" for the tools
 * the model needs whatever the phase (asking, notes, history, the tool list, status, exploration).
 */
export type ToolPhase = Phase | "always";

/** A recorded move between phases. */
export interface PhaseTransition {
  from: Phase;
  to: Phase;
  at: string;
  reason: string;
}

export function isPhase(x: unknown): x is Phase {
  return typeof x === "string" && (PHASES as readonly string[]).includes(x);
}

export function phaseIndex(p: Phase): number {
  return PHASES.indexOf(p);
}

/** The phases just before and after `p`. */
export function neighbours(p: Phase): Phase[] {
  const i = phaseIndex(p);
  return [PHASES[i - 1], PHASES[i + 1]].filter((x): x is Phase => x !== undefined);
}

/**
 * The phase after a tool declared in `declared` succeeds in `current`: the tool's phase when later
 * (the analysis moves forward only); "always" tools and unknown tools never move it.
 * @example
 * phaseAfterSuccess("DATA_PROFILING", "MODELING"); // "MODELING"
 * phaseAfterSuccess("EVALUATION", "MODELING"); // "EVALUATION"
 */
export function phaseAfterSuccess(current: Phase, declared: ToolPhase | undefined): Phase {
  return declared && declared !== "always" && phaseIndex(declared) > phaseIndex(current) ? declared : current;
}
