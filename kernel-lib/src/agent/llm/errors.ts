/**
 * Clear messages for LLM failures: which endpoint, what went wrong, what to do — never a token.
 */
import { errorMessage, MMMError } from "../../errors";
import { causeChain, faultDetail, netFault } from "../../net/faults";
import { redact } from "../../secrets";

function statusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; response?: { status?: unknown } };
  const s = e?.status ?? e?.response?.status;
  return typeof s === "number" ? s : undefined;
}

function codeOf(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown; cause?: { code?: unknown } } };
  return String(e?.code ?? e?.cause?.code ?? e?.cause?.cause?.code ?? "");
}

/** Turn whatever the chat model threw into an actionable MMMError (secrets masked). */
export function describeLlmError(err: unknown, label: string): MMMError {
  // Our own typed errors (guardedFetch) arrive as the cause of the SDK's APIConnectionError.
  const ours = causeChain(err).find((e): e is MMMError => e instanceof MMMError);
  if (ours) return ours;
  const raw = redact(errorMessage(err));
  const status = statusOf(err);
  const code = codeOf(err);
  const name = (err as Error)?.name ?? "";
  if (status === 401 || status === 403) {
    return new MMMError("LLM_AUTH", `The LLM endpoint ${label} refused the credentials (HTTP ${status}).`, "Check DATABRICKS_TOKEN (or the OAuth client id/secret, or the API key) and that it may query this serving endpoint.");
  }
  if (status === 404) return new MMMError("LLM_FAILED", `The LLM endpoint ${label} was not found (HTTP 404).`, "Check the endpoint name (LLM_CFG.endpoint) and DATABRICKS_HOST.");
  if (status === 429) return new MMMError("LLM_FAILED", `The LLM endpoint ${label} is rate-limiting requests (HTTP 429) and retries did not help.`, "Wait a minute and run the cell again, or use a less loaded endpoint.");
  if (netFault(err) === "dropped") {
    return new MMMError(
      "LLM_UNREACHABLE",
      `The connection to the LLM endpoint ${label} was dropped before the answer was complete (${redact(faultDetail(err))}), and retries did not help.`,
      "The server or a proxy closes connections (overloaded, restarting): try again in a minute.",
    );
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|UND_ERR/.test(code) || /Connection error|fetch failed|ECONNREFUSED|ENOTFOUND/i.test(raw)) {
    return new MMMError("LLM_UNREACHABLE", `Could not reach the LLM endpoint ${label} (${code || "connection failed"}).`, 'Check DATABRICKS_HOST / the base URL and the network, or use llm: "offline" to run without an LLM.');
  }
  if (/timeout|timed out/i.test(name + raw)) return new MMMError("LLM_UNREACHABLE", `The LLM endpoint ${label} did not answer in time.`, "Try again, or raise the timeout in the llm options.");
  return new MMMError("LLM_FAILED", `The LLM call to ${label} failed${status ? ` (HTTP ${status})` : ""}: ${raw}`, "Check the endpoint's logs; the analysis state is kept, so you can retry.");
}
