/**
 * What a chat completion must contain before LangChain reads it: a JSON object with a non-empty
 * `choices` array whose first entry has a `message` object. Anything else is a typed LLM_FAILED
 * error that says what was missing (an `error` the server put in a 200 answer is quoted, redacted).
 */
import { MMMError } from "../../errors";
import { redact } from "../../secrets";
import { bodyStart } from "../../net/body";

const HINT = "The server does not speak the OpenAI chat-completions protocol correctly (or a proxy answered): check the base URL / endpoint, and its logs.";

export function checkCompletion(text: string, status: number, label: string): void {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new MMMError("LLM_FAILED", `The LLM endpoint ${label} answered with something that is not JSON (status ${status}, ${redact(bodyStart(text))}).`, HINT);
  }
  const fail = (what: string) => new MMMError("LLM_FAILED", `The LLM endpoint ${label} answered without ${what}.`, HINT);
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw fail(`a JSON object (got ${v === null ? "null" : Array.isArray(v) ? "an array" : typeof v})`);
  const o = v as { choices?: unknown; error?: { message?: unknown } | unknown };
  const serverSays = typeof (o.error as { message?: unknown })?.message === "string" ? `; it says: ${redact(String((o.error as { message: string }).message).slice(0, 300))}` : "";
  if (!Array.isArray(o.choices)) throw fail(`\`choices\` (keys: ${redact(Object.keys(o).slice(0, 8).join(", ")) || "none"})${serverSays}`);
  if (o.choices.length === 0) throw fail(`any choice (\`choices\` is empty)${serverSays}`);
  const first = o.choices[0] as { message?: unknown } | null;
  if (!first || typeof first.message !== "object" || first.message === null) throw fail("a `message` in choices[0]");
}
