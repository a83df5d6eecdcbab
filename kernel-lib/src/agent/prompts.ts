/**
 * The dynamic system prompt: who the agent is, how it works, then the current phase's guidance and
 * the analysis state, rebuilt on every step so the model always sees where it is.
 */
import { PHASE_GUIDANCE, PHASES } from "../workflow";
import type { AgentStateType } from "./state";

const ROLE = `You are agentic-mmm, an expert Marketing Mix Modelling analyst working inside a Jupyter notebook with a marketing analyst.
You work through tools: every number you report must come from a tool result in this conversation; never invent numbers.
Work through the phases ${PHASES.join(" → ")}, calling the tools of each phase.
Each step offers the tools of the current phase and its neighbours; list_all_tools shows every tool, and use_tool calls one that is not offered.
Ask the user (ask_user, ask_user_to_choose) only when you genuinely cannot decide from the data: an ambiguous KPI, the budget amount when it matters, the model choice, or before a long Bayesian run. Never ask what a tool can tell you.
When no built-in tool fits, write one with create_custom_tool (JavaScript, sandboxed, read-only data) and call it.
Record important findings and decisions with add_analysis_note.
Tool results are summarised; use filters, limits and aggregates rather than asking for all rows.
If a tool returns an error, read its hint, fix the arguments and try again, or take another route.
Answer in concise markdown for a marketing analyst: findings first, then the numbers, then caveats.`;

function dataLine(s: AgentStateType): string {
  const d = s.data;
  if (!d.loaded) return "No data is loaded yet.";
  const steps = d.steps.length ? `; steps applied: ${d.steps.join(", ")}` : "";
  return `Working table: ${d.rows} rows × ${d.columns} columns from ${d.source ?? "?"}; KPI ${d.kpiCol ?? "not yet known"}; date ${d.dateCol ?? "not yet known"}${steps}.`;
}

function modelLine(s: AgentStateType): string {
  const m = s.models;
  const parts: string[] = [];
  if (m.ridge) parts.push(`ridge R² ${m.ridge.r2.toFixed(3)}, MAPE ${(100 * m.ridge.mape).toFixed(1)}%`);
  if (m.bayesian) parts.push(`Bayesian R² ${m.bayesian.r2.toFixed(3)}, max R-hat ${m.bayesian.maxRhat.toFixed(3)}, ${m.bayesian.divergences} divergences`);
  if (m.budget) parts.push(`budget plan for ${Math.round(m.budget.total).toLocaleString("en-US")}: uplift ${Math.round(m.budget.uplift).toLocaleString("en-US")}`);
  return parts.length ? `Models so far (latest: ${m.latest}): ${parts.join("; ")}.` : "No model has been fitted yet.";
}

/** The system prompt for the next model call. */
export function systemPrompt(s: AgentStateType, opts: { maxSteps: number; customTools: string[]; notes: number }): string {
  const left = opts.maxSteps - s.steps;
  return [
    ROLE,
    `\n## Current phase: ${s.phase}\n${PHASE_GUIDANCE[s.phase]}`,
    `\n## State\n${dataLine(s)}\n${modelLine(s)}\nNotes recorded: ${opts.notes}. Custom tools: ${opts.customTools.join(", ") || "none"}.`,
    `\nYou have ${left} step${left === 1 ? "" : "s"} left in this run${left <= 3 ? ": finish with a summary of what you found and what remains" : ""}.`,
  ].join("\n");
}
