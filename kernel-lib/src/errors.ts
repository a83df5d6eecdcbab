/**
 * Errors that an analyst (or the agent) can act on: what was wrong, where (file, column, row),
 * and what to do about it. Every user-facing failure in agentic-mmm is an `MMMError`.
 */

/** Stable machine-readable error codes (the agent branches on these, people read the message). */
export type MMMErrorCode =
  | "FILE_NOT_FOUND"
  | "EMPTY_FILE"
  | "NO_ROWS"
  | "UNSUPPORTED_FORMAT"
  | "CORRUPT_FILE"
  | "DATA_MISMATCH"
  | "READ_FAILED"
  | "COLUMN_NOT_FOUND"
  | "NOT_NUMERIC"
  | "ALL_NULL"
  | "BAD_DATES"
  | "DUPLICATE_DATES"
  | "NO_DATA_LOADED"
  /** No model has been fitted (or loaded) for the call: fit one first. */
  | "NO_MODEL"
  | "INVALID_ARGUMENT"
  /** An analysis run without an agent reached a question nobody can answer (no `ask`, no default). */
  | "NEEDS_ANSWER"
  /** The budget's bounds and fixed amounts cannot add up to the total: widen them or change the total. */
  | "BOUNDS_INFEASIBLE"
  /** A budget target (ROAS, CPA, marginal ROAS or KPI) no total within the bounds reaches; the hint gives the best reachable. */
  | "TARGET_UNREACHABLE"
  | "QUERY_REJECTED"
  | "QUERY_FAILED"
  | "QUERY_LIMIT"
  | "NOT_AVAILABLE"
  | "DEPENDENCY_MISSING"
  | "LLM_UNREACHABLE"
  | "LLM_AUTH"
  | "LLM_FAILED";

/** Where in the input the problem is. */
export interface ErrorLocation {
  file?: string;
  column?: string;
  /** 0-based row index in the loaded table (the first data row is row 0). */
  row?: number;
  value?: unknown;
}

/** A clear, actionable error: `message` says what and where, `hint` says what to do. */
export class MMMError extends Error {
  override readonly name = "MMMError";
  readonly code: MMMErrorCode;
  /** What went wrong, without the hint (`message` is what and hint together, so a thrown error explains itself). */
  readonly what: string;
  readonly hint: string;
  readonly location: ErrorLocation;

  constructor(code: MMMErrorCode, what: string, hint: string, location: ErrorLocation = {}) {
    super(hint ? `${what} ${hint}` : what);
    this.code = code;
    this.what = what;
    this.hint = hint;
    this.location = location;
  }

  /** JSON form for tool results and traces: the hint once, in `hint` (not also in `error`). */
  toJSON(): { error: string; code: MMMErrorCode; hint: string; location: ErrorLocation } {
    return { error: this.what, code: this.code, hint: this.hint, location: this.location };
  }
}

/** The message of anything thrown, without a stack trace. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Closest names by edit distance, for "did you mean" hints on misspelt columns.
 * @example closestNames("revnue", ["revenue", "tv_S"]) // ["revenue"]
 */
export function closestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const target = name.toLowerCase();
  return candidates
    .map((c) => ({ c, d: editDistance(target, c.toLowerCase()) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map(({ c }) => c);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}
