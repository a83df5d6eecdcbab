/**
 * What the analyst asked for, read from plain text by rules: the kind of request and the
 * parameters it states (KPI, budget, horizon, model). Deterministic by design.
 */

import type { AnalysisRequest } from "../../playbook/request";
import { ROLE_REQUEST } from "./roleIntent";
import { isWhatIf } from "./whatIfIntent";

export type Intent = "full" | "roles" | "profile" | "roi" | "budget" | "bayesian" | "whatif" | "tools" | "history" | "continue" | "help";

/** A chat request: its kind, and the parameters it states in words ("no Bayesian", "ridge only" decline the Bayesian fit). */
export interface Request extends AnalysisRequest {
  intent: Intent;
}

const RULES: [Intent, { test(text: string): boolean }][] = [
  ["roles", ROLE_REQUEST],
  ["full", /full (mmm )?analysis|end[- ]to[- ]end|complete analysis|run (the|an|a) (mmm )?analysis|analy[sz]e (everything|the data fully)/i],
  ["continue", /^\s*(continue|go on|carry on|resume|keep going)\b/i],
  // Scenarios, budget changes, targets, rankings, explanations (whatIfIntent.ts): before the broader rules below.
  ["whatif", { test: isWhatIf }],
  ["bayesian", /bayes|posterior|uncertainty|credible|hdi/i],
  ["budget", /budget|allocat|spend plan|optimi[sz]e (the )?(spend|mix)/i],
  ["roi", /\broi\b|\broas\b|return on|which channel|best channel|contribution/i],
  ["tools", /\btools?\b/i],
  ["history", /history|notes|what (have you|did you) do/i],
  ["profile", /profile|suitab|inspect|explore|quality|describe|look at the data|overview|ready for mmm/i],
];

function amount(text: string): number | undefined {
  const m = /budget[^0-9$€£]{0,40}[$€£]?\s*([0-9][0-9,._]*)\s*(k|m|million|thousand)?/i.exec(text);
  if (!m) return undefined;
  const base = Number(m[1]!.replace(/[,_]/g, ""));
  const unit = (m[2] ?? "").toLowerCase();
  const mult = unit === "k" || unit === "thousand" ? 1e3 : unit === "m" || unit === "million" ? 1e6 : 1;
  return Number.isFinite(base) && base > 0 ? base * mult : undefined;
}

export function readRequest(text: string): Request {
  const intent = RULES.find(([, re]) => re.test(text))?.[0] ?? "help";
  const kpi = /\bKPI\s*[:=]?\s*[`'"]?([A-Za-z_][A-Za-z0-9_.]*)/i.exec(text)?.[1];
  const weeks = /over (\d+) weeks|horizon[:=\s]+(\d+)/i.exec(text);
  const source = /\b(?:load|source)[:=\s]+[`'"]?([^\s`'"]+\.(?:csv|parquet|xlsx|json|ndjson)|[A-Za-z_]\w*\.\w+\.\w+)/i.exec(text)?.[1];
  const exportDir = /export(?: the report)?(?: to)?[:=\s]+[`'"]?([^\s`'"]+)/i.exec(text)?.[1];
  return {
    intent,
    kpi: kpi && !/^(is|as|column)$/i.test(kpi) ? kpi : undefined,
    budget: amount(text),
    weeks: weeks ? Number(weeks[1] ?? weeks[2]) : undefined,
    bayesian: !/no bayes|without bayes|skip bayes|ridge only/i.test(text),
    source,
    exportDir,
  };
}
