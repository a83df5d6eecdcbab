/**
 * One line per trace event, for the terminal (and the text/plain view of a trace).
 */
import type { TraceEvent } from "../agent/trace";

const args = (a: unknown) => {
  const s = JSON.stringify(a ?? {});
  return s === "{}" ? "" : s.length > 70 ? `${s.slice(0, 70)}…` : s;
};

export function traceLine(e: TraceEvent): string | undefined {
  switch (e.type) {
    case "request":
      return `> ${e.text}`;
    case "phase":
      return `  ── phase ${e.from} → ${e.to}`;
    case "tool":
      return `  ${e.ok ? "✓" : "✗"} ${e.tool.padEnd(32)} ${String(e.ms).padStart(6)} ms  ${e.ok ? args(e.args) : e.summary}`;
    case "question":
      return `  ? ${e.prompt}${e.options ? ` ${JSON.stringify(e.options)}` : ""}`;
    case "answer":
      return `  ↳ answer: ${JSON.stringify(e.value)}`;
    case "limit":
      return `  ■ step limit reached after ${e.steps} steps`;
    case "error":
      return `  ✗ ${e.message}`;
    default:
      return undefined;
  }
}
