import { strict as assert } from "node:assert";
import { geoStep } from "../../../kernel-lib/src/playbook/geoStep";
import { fitLine } from "../../../kernel-lib/src/playbook/reply";
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

  it("the reply's fit lines carry the geo fit's warnings under its line", () => {
    const geo: ToolRecord = { name: "run_bayesian_mmm", ok: true, args: { geo: true }, result: { geos: 4, weeks: 80, sampler: { maxRhat: 1.004, divergences: 0 }, warnings: ["tv: a negative ROAS in 2 of 4 geos."] } };
    const text = fitLine(conversation([profile, geo]))!;
    assert.match(text, /- Hierarchical geo model: 4 geos × 80 weeks; max R-hat 1\.004, 0 divergences\..*\n {2}- tv: a negative ROAS in 2 of 4 geos\./);
  });
});
