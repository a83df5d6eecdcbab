/**
 * Errors in a notebook cell: one short line (what, then what to do) instead of a 40-line stack.
 * tslab prints a failing cell's error with console.error → util.inspect, so the thrown error
 * carries an inspect hook that returns just its message.
 */
import { inspect } from "node:util";
import { errorMessage, MMMError } from "../errors";
import { redact } from "../secrets";

export class NotebookError extends Error {
  override readonly name = "agentic-mmm";
  readonly code: string;

  constructor(message: string, code = "ERROR") {
    super(redact(message));
    this.code = code;
    // A one-line stack: the cause is in the message; a trace of our internals helps nobody here.
    this.stack = `${this.name}: ${this.message}`;
  }

  [inspect.custom](): string {
    return `${this.name}: ${this.message}`;
  }
}

/** The notebook form of anything thrown. */
export function toNotebookError(err: unknown): NotebookError {
  if (err instanceof NotebookError) return err;
  if (err instanceof MMMError) return new NotebookError(err.message, err.code);
  return new NotebookError(errorMessage(err));
}

/** Run `f`; any failure becomes a short NotebookError (the session is untouched). */
export async function cellSafe<T>(f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (err) {
    throw toNotebookError(err);
  }
}
