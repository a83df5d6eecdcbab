/**
 * A question to the analyst (ask_user / ask_user_to_choose) and checking the analyst's answer before the run resumes: a choice must be one of the options
 * (by text, case-insensitively, or by 0-based index); a free-text answer must not be empty.
 */
import { MMMError } from "../errors";
import type { PendingQuestion } from "./types";

function pick(q: PendingQuestion, v: unknown): string {
  const opts = q.options ?? [];
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < opts.length) return opts[v]!;
  const hit = opts.find((o) => o.toLowerCase() === String(v).trim().toLowerCase());
  if (hit === undefined) throw new MMMError("INVALID_ARGUMENT", `'${String(v)}' is not one of the options.`, `Answer with one of ${JSON.stringify(opts)} (or its 0-based index).`);
  return hit;
}

/** A multi-select answer: a list, or one text with the choices separated by commas / "and". */
function several(q: PendingQuestion, value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === "string" && (q.options ?? []).some((o) => o.toLowerCase() === value.trim().toLowerCase())) return [value];
  if (typeof value === "string" && /,|\band\b/.test(value)) return value.split(/\s*(?:,|\band\b)\s*/).filter(Boolean);
  return [value];
}

export function checkAnswer(q: PendingQuestion, value: unknown): unknown {
  if (q.kind === "choice" && q.multiple) return several(q, value).map((v) => pick(q, v));
  if (q.kind === "choice") return pick(q, value);
  const text = typeof value === "string" ? value.trim() : value === undefined || value === null ? "" : JSON.stringify(value);
  if (!text) throw new MMMError("INVALID_ARGUMENT", "The answer is empty.", `Answer the question: "${q.prompt}".`);
  return text;
}

/** The question an ask_user / ask_user_to_choose call puts to the analyst. */
export function questionFrom(id: string, tool: string, args: Record<string, unknown>): PendingQuestion {
  const a = args as { question?: string; options?: string[]; multiple?: boolean; default?: string };
  return { id, kind: tool === "ask_user_to_choose" ? "choice" : "text", prompt: String(a.question ?? ""), options: a.options, multiple: a.multiple, default: a.default };
}
