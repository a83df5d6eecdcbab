/**
 * LLM text is shown in cells and the side panel, but a reply can be megabytes (a runaway or
 * hostile model): a 20 MB reply became an 84 MB MIME bundle. What is *displayed* is cut to a few
 * thousand characters with a note; the full text stays in memory (the run's `reply`, the
 * LangGraph messages), so nothing is lost.
 */

export const DISPLAY_MAX_CHARS = 20_000;

/** `text` itself when short, else its start and a note saying where the rest is. */
export function truncateForDisplay(text: string, max = DISPLAY_MAX_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n\n… (truncated for display: ${text.length.toLocaleString("en-US")} characters in all; the full text is in the run's \`reply\` and the agent's messages)`;
}

/** Tool-call arguments for a trace bundle: as they are when small, else a truncated JSON string. */
export function clipArgsForDisplay(args: unknown, max = DISPLAY_MAX_CHARS): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(args);
  } catch {
    return "(arguments that cannot be shown)";
  }
  return json !== undefined && json.length > max ? truncateForDisplay(json, max) : args;
}
