/**
 * Answers to the agent's questions in the terminal: asked on the terminal when stdin is one (a number picks
 * an option, Enter takes the default), else the question's default (or its first option), said so in the
 * output — `demo` on the analyst's own file must not stop at the first question with no way to answer it.
 */
import * as readline from "node:readline/promises";
import type { Question } from "agentic-mmm-protocol";

/** The answer the agent gets without an analyst: the default, else the first option, else an empty text. */
export function defaultAnswer(q: Question): string | string[] {
  const pick = q.default ?? q.options?.[0] ?? "";
  return q.multiple ? [pick] : pick;
}

/** Ask `q` on the terminal (stdin a TTY), else answer with its default; prints what was answered. */
export async function answerInTerminal(q: Question, input: NodeJS.ReadStream = process.stdin): Promise<string | string[]> {
  if (!input.isTTY) {
    const a = defaultAnswer(q);
    console.log(`  (no terminal to ask: answering "${Array.isArray(a) ? a.join(", ") : a}")`);
    return a;
  }
  const rl = readline.createInterface({ input, output: process.stdout });
  try {
    const opts = q.options ?? [];
    opts.forEach((o, i) => console.log(`    ${i + 1}. ${o}${o === q.default ? " (default)" : ""}`));
    const line = (await rl.question(opts.length ? "  Your choice (number, Enter for the default): " : "  Your answer: ")).trim();
    const n = Number(line);
    if (opts.length && Number.isInteger(n) && n >= 1 && n <= opts.length) return q.multiple ? [opts[n - 1]!] : opts[n - 1]!;
    if (line && !opts.length) return line;
    return defaultAnswer(q);
  } finally {
    rl.close();
  }
}
