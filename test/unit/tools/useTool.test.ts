/**
 * use_tool's arguments: the call it stands for, or a tool error the model can act on (bad JSON, a
 * nested use_tool, a question to the analyst, which needs the graph's interrupt).
 */
import assert from "node:assert/strict";
import { targetCall } from "../../../kernel-lib/src/agent/toolCalls";
import type { AgentRuntime } from "../../../kernel-lib/src/agent/runtime";
import { CustomToolRegistry } from "../../../kernel-lib/src/tools/sandbox/customTools";
import { ToolRegistry } from "../../../kernel-lib/src/tools/registry";

const rt = { registry: new ToolRegistry(new CustomToolRegistry()) } as unknown as AgentRuntime;
const call = (args: unknown) => targetCall({ id: "c1", name: "use_tool", args: args as Record<string, unknown>, type: "tool_call" }, rt);

describe("use_tool", () => {
  it("stands for the named call, with object or JSON-text arguments; other calls are themselves", () => {
    assert.deepEqual(call({ name: "get_column_stats", args: { column: "tv" } }), { call: { id: "c1", name: "get_column_stats", args: { column: "tv" }, type: "tool_call" } });
    assert.deepEqual(call({ name: "roi_summary", args: '{"x": 1}' }), { call: { id: "c1", name: "roi_summary", args: { x: 1 }, type: "tool_call" } });
    assert.deepEqual(call({ name: "roi_summary" }), { call: { id: "c1", name: "roi_summary", args: {}, type: "tool_call" } });
    const direct = { id: "c2", name: "roi_summary", args: {}, type: "tool_call" as const };
    assert.deepEqual(targetCall(direct, rt), { call: direct });
  });

  it("refuses what it cannot run, with a hint", () => {
    const errors: [unknown, RegExp][] = [
      [{}, /Invalid arguments for use_tool: 'name'/],
      [{ name: "roi_summary", args: "{not json" }, /not valid JSON/],
      [{ name: "roi_summary", args: "[1, 2]" }, /must be a JSON object/],
      [{ name: "use_tool", args: {} }, /cannot call itself/],
      [{ name: "ask_user", args: { question: "?" } }, /cannot ask the analyst/],
    ];
    for (const [args, error] of errors) {
      const t = call(args);
      assert.ok("error" in t, JSON.stringify(args));
      assert.match(t.error, error);
      assert.ok(t.hint.length > 0);
    }
  });
});
