/**
 * MMMError's two forms: a thrown error's message says what went wrong and what to do (what + hint),
 * while its JSON form (tool results, traces) gives them apart, so whoever joins `error` and `hint`
 * shows the hint once — here for the error itself, a failing tool call as the LLM reads it, and the
 * playbook's sentence of a failed call.
 */
import { strict as assert } from "node:assert";
import { AGENT_CFG, CustomToolRegistry, MMMEngine, MMMError, pl, ToolRegistry } from "../../kernel-lib/src";
import { invokeTool } from "../../kernel-lib/src/tools/invoke";
import { failureText, parseResult } from "../../kernel-lib/src/playbook/records";
import { toolContext } from "../helpers/toolContext";

const count = (text: string, part: string) => text.split(part).length - 1;

describe("MMMError", () => {
  const e = new MMMError("NO_MODEL", "No ridge model has been fitted yet.", "Run runRidgeMMM() (tool run_ols_mmm) first.", { column: "tv" });

  it("throws with what and hint in its message, and gives them apart in toJSON: the hint once", () => {
    assert.equal(e.message, "No ridge model has been fitted yet. Run runRidgeMMM() (tool run_ols_mmm) first.");
    assert.equal(e.what, "No ridge model has been fitted yet.");
    const j = e.toJSON();
    assert.deepEqual(j, { error: "No ridge model has been fitted yet.", code: "NO_MODEL", hint: "Run runRidgeMMM() (tool run_ols_mmm) first.", location: { column: "tv" } });
    assert.equal(count(`${j.error} ${j.hint}`, e.hint), 1);
    assert.equal(count(JSON.stringify(e), e.hint), 1, "JSON.stringify uses toJSON");
  });

  it("without a hint: the message is what went wrong", () => {
    const bare = new MMMError("INVALID_ARGUMENT", "Bad input.", "");
    assert.equal(bare.message, "Bad input.");
    assert.deepEqual([bare.toJSON().error, bare.toJSON().hint], ["Bad input.", ""]);
  });

  it("a failing tool call's result names the hint once, and the playbook's sentence of it too", async () => {
    const engine = new MMMEngine();
    await engine.loadData(pl.DataFrame({ date: ["2024-01-01", "2024-01-08"], revenue: [1, 2], tv_spend: [3, 4] }));
    const host = { engine, registry: new ToolRegistry(new CustomToolRegistry()), config: AGENT_CFG };
    const { text, ok } = await invokeTool(host, { name: "get_column_stats", args: { column: "tv_spnd" } }, toolContext(engine));
    assert.equal(ok, false);
    const result = parseResult(text);
    assert.deepEqual({ ...result }, { error: "Column 'tv_spnd' is not in the data.", code: "COLUMN_NOT_FOUND", hint: "Did you mean 'tv_spend'?" });
    assert.equal(count(text, "Did you mean"), 1);
    assert.equal(failureText({ name: "get_column_stats", ok: false, result, args: {} }), "Column 'tv_spnd' is not in the data. Did you mean 'tv_spend'?");
  });
});
