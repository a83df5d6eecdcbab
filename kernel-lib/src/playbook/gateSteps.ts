/**
 * Acting on the quality gate (tools/qualityGate.ts, returned by model_diagnostics): after the ridge
 * fit, each "ask" issue becomes a question to the analyst — continue, stop, or a fix such as a ROAS
 * prior — and a "retry" fix for the Bayesian fit (a time-varying baseline for a drifting one) is
 * carried into its arguments; after the Bayesian fit, a retry (a longer warm-up, or a time-varying
 * baseline for lift tests the fit disagrees with) is made once. Decisions are read by code, never from the message.
 */
import type { GateFix, GateIssue } from "../tools/qualityGate";
import type { Conversation } from "./records";
import { answerTo, asked, type Step } from "./steps";

export const QUALITY_QUESTION = "Quality check";

type GateResult = { model?: string; verdict?: string; issues?: GateIssue[] };

/** The latest gate on `model` ("ridge" or "bayesian"). */
function gateOf(c: Conversation, model: string): GateResult | undefined {
  for (let i = c.records.length - 1; i >= 0; i--) {
    const r = c.records[i]!;
    if (r.name === "model_diagnostics" && r.ok && r.result.model === model) return r.result as GateResult;
  }
  return undefined;
}

const questionPrefix = (i: GateIssue) => `${QUALITY_QUESTION} (${i.code}${i.channels?.length ? `: ${i.channels.join(", ")}` : ""})`;

/** After the ridge fit: ask about each issue that needs the analyst, one at a time; stop when told to. */
export const ridgeGateQuestions: Step = (c) => {
  for (const issue of gateOf(c, "ridge")?.issues ?? []) {
    if (issue.decision !== "ask" || !issue.options?.length) continue;
    const prefix = questionPrefix(issue);
    if (!asked(c, prefix)) return { kind: "call", name: "ask_user_to_choose", args: { question: `${prefix}: ${issue.message} What should I do?`, options: issue.options, default: issue.options[0] } };
    const answer = String(answerTo(c, prefix) ?? "");
    if (answer.startsWith("Stop")) return { kind: "reply", text: `Stopped after the ridge fit, as you asked: ${issue.message}` };
  }
  return undefined;
};

function merge(into: Record<string, unknown>, fix: GateFix): void {
  for (const [k, v] of Object.entries(fix.args)) into[k] = v && typeof v === "object" && !Array.isArray(v) && into[k] && typeof into[k] === "object" ? { ...(into[k] as object), ...(v as object) } : v;
}

/** What the ridge gate and the analyst's answers add to the Bayesian fit: a time-varying baseline, ROAS priors. */
export function bayesGateArgs(c: Conversation): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const issue of gateOf(c, "ridge")?.issues ?? []) {
    if (issue.decision === "retry" && issue.fix?.tool === "run_bayesian_mmm") merge(args, issue.fix);
    const p = issue.roasPrior;
    if (p && String(answerTo(c, questionPrefix(issue)) ?? "").startsWith("Refit")) merge(args, { tool: "run_bayesian_mmm", args: { roasPriors: { [p.channel]: { mean: p.mean, sd: p.sd } } } });
  }
  return args;
}

/** After the Bayesian fit: retry once with the gate's fix (longer warm-up when the chains did not converge; a time-varying baseline when lift tests disagree). */
export const bayesConvergenceRetry: Step = (c) => {
  const fits = c.records.filter((r) => r.name === "run_bayesian_mmm" && r.args.geo !== true && r.ok && !r.result.needsConfirmation);
  const last = fits.at(-1);
  if (!last || fits.length > 1) return undefined;
  const lastAt = c.records.lastIndexOf(last);
  const gate = c.records.slice(lastAt + 1).find((r) => r.name === "model_diagnostics" && r.ok)?.result as GateResult | undefined;
  const retry = gate?.issues?.find((i) => i.decision === "retry" && i.fix?.tool === "run_bayesian_mmm");
  return retry ? { kind: "call", name: "run_bayesian_mmm", args: { ...last.args, ...retry.fix!.args } } : undefined;
};
