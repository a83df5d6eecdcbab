/**
 * A scripted analyst for end-to-end runs: answers the agent's questions as a person who knows
 * their data would (which columns are media, what to do with a refund, which KPI), and records
 * what was asked.
 */
import type { AgentRun, MMMAgent } from "../../kernel-lib/src";

export interface AnalystKnowledge {
  kpi: string;
  channels: string[];
  /** Answer to the Bayesian confirmation question (default: run the full fit). */
  bayes?: "full" | "shorter" | "skip";
}

export interface AnalystSession {
  run: AgentRun;
  questions: string[];
}

function answerFor(q: NonNullable<AgentRun["question"]>, k: AnalystKnowledge): unknown {
  const opts = q.options ?? [];
  if (/paid media channels/i.test(q.prompt)) return opts.filter((o) => k.channels.includes(o));
  if (/negative values/i.test(q.prompt)) return opts.find((o) => /to 0/.test(o)) ?? 0;
  if (/Which column is the KPI/i.test(q.prompt)) return k.kpi;
  if (/Bayesian fit is predicted/i.test(q.prompt)) return { full: 0, shorter: 1, skip: 2 }[k.bayes ?? "full"];
  if (q.kind === "choice") return q.default ?? 0;
  return q.default ?? "yes";
}

/** Drive `start` to the end, answering every question; at most `maxQuestions` of them. */
export async function runAsAnalyst(agent: MMMAgent, start: () => Promise<AgentRun>, k: AnalystKnowledge, maxQuestions = 6): Promise<AnalystSession> {
  let run = await start();
  const questions: string[] = [];
  while (run.question && questions.length < maxQuestions) {
    questions.push(run.question.prompt);
    run = await agent.answer(run.question.id, answerFor(run.question, k));
  }
  return { run, questions };
}
