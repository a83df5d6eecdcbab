import { strict as assert } from "node:assert";
import { geoStep } from "../../../kernel-lib/src/playbook/geoStep";
import type { Conversation, ToolRecord } from "../../../kernel-lib/src/playbook/records";

const profile: ToolRecord = { name: "inspect_data", ok: true, args: {}, result: { roles: { geo: "geo" } } };
const national = (args: Record<string, unknown>): ToolRecord => ({ name: "run_bayesian_mmm", ok: true, args, result: { channels: [] } });
const conversation = (records: ToolRecord[]): Conversation => ({ request: "", records, size: records.length });

describe("playbook/geoStep", () => {
  it("fits the geo model with the latest national fit's ROAS priors (none when the national fit had none)", () => {
    const priors = { tv: { mean: 2, sd: 0.5 } };
    const step = geoStep(conversation([profile, national({ kpi: "revenue" }), national({ kpi: "revenue", roasPriors: priors })]), { bayesian: true, kpi: "revenue" });
    assert.deepEqual(step, { kind: "call", name: "run_bayesian_mmm", args: { kpi: "revenue", geo: true, roasPriors: priors } });
    const plain = geoStep(conversation([profile, national({ kpi: "revenue" })]), { bayesian: true, kpi: "revenue" });
    assert.deepEqual(plain, { kind: "call", name: "run_bayesian_mmm", args: { kpi: "revenue", geo: true } });
    assert.equal(geoStep(conversation([national({ kpi: "revenue" })]), { bayesian: true }), undefined, "no geo column, no geo fit");
  });
});
