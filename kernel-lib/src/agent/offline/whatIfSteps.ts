/**
 * Building blocks of the chat's what-if plans: a tool call or a reply, the horizon a question
 * states, and `withModel` — call a tool, and when it fails for want of a model fit the ridge model
 * once and call it again.
 */
import { called, failureText, latest, type Conversation, type ToolRecord } from "../../playbook/records";
import type { AnalysisRequest } from "../../playbook/request";
import type { Action, Step } from "../../playbook/steps";
import { horizonIn } from "./whatIfIntent";

export const call = (name: string, args: Record<string, unknown>): Action => ({ kind: "call", name, args });
export const reply = (text: string): Action => ({ kind: "reply", text });
export const errorText = (r: ToolRecord): string => failureText(r);

/** The horizon: stated in the request ("over 26 weeks", "next quarter"), else the tools' default (52). */
export const weeksOf = (c: Conversation, r: AnalysisRequest) => horizonIn(c.request) ?? r.weeks;

export const isBaseline = (r: ToolRecord) => r.name === "simulate_scenario" && Object.keys((r.args.budgets as object | undefined) ?? {}).length === 0;

/**
 * Call `tool` (the records `mine` picks are its calls); when it fails for want of a model, fit the
 * ridge model once and call it again; any other failure ends the answer with the tool's error.
 */
export function withModel(tool: string, args: (c: Conversation, r: AnalysisRequest) => Record<string, unknown>, mine: (r: ToolRecord) => boolean, what: string): Step[] {
  const calls = (c: Conversation) => c.records.filter((x) => x.name === tool && mine(x));
  return [
    (c, r) => (calls(c).length === 0 ? call(tool, strip(args(c, r))) : undefined),
    (c) => {
      const last = calls(c).at(-1);
      return last && !last.ok && last.result.code === "NO_MODEL" && !called(c, "run_ols_mmm") ? call("run_ols_mmm", {}) : undefined;
    },
    (c, r) => {
      const all = calls(c);
      return all.length === 1 && !all[0]!.ok && latest(c, "run_ols_mmm")?.ok ? call(tool, strip(args(c, r))) : undefined;
    },
    (c) => {
      const last = calls(c).at(-1);
      if (!last || last.ok) return undefined;
      const fit = latest(c, "run_ols_mmm");
      // An unreachable target is an answer, not a failure: its hint says the best the model reaches.
      if (last.result.code === "TARGET_UNREACHABLE") return reply(`That target is out of reach: ${errorText(last)}`);
      return reply(`I could not ${what}: ${errorText(fit && !fit.ok ? fit : last)}`);
    },
  ];
}

const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export const fitNote = (c: Conversation) => (latest(c, "run_ols_mmm")?.ok ? "\n\n(No model was fitted yet, so I fitted the ridge model with default media parameters first; run the full analysis for searched adstock and saturation.)" : "");
