/**
 * Checking the analyst's answer before the run resumes: a choice must be one of the options
 * (by text, case-insensitively, or by 0-based index); a free-text answer must not be empty.
 */
import { MMMError } from "../errors";
import type { PendingQuestion } from "../tools/types";

function pick(q: PendingQuestion, v: unknown): string {
  const opts = q.options ?? [];
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < opts.length) return opts[v]!;
  const hit = opts.find((o) => o.toLowerCase() === String(v).trim().toLowerCase());
  if (hit === undefined) throw new MMMError("INVALID_ARGUMENT", `'${String(v)}' is not one of the options.`, `Answer with one of ${JSON.stringify(opts)} (or its 0-based index).`);
  return hit;
}

export function checkAnswer(q: PendingQuestion, value: unknown): unknown {
  if (q.kind === "choice") return q.multiple && Array.isArray(value) ? value.map((v) => pick(q, v)) : pick(q, value);
  const text = typeof value === "string" ? value.trim() : value === undefined || value === null ? "" : JSON.stringify(value);
  if (!text) throw new MMMError("INVALID_ARGUMENT", "The answer is empty.", `Answer the question: "${q.prompt}".`);
  return text;
}
