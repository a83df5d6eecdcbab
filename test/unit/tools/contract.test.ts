/**
 * Contract test over every built-in tool, as the model receives it: the argument schema converts
 * (the way LangChain binds tools for OpenAI-protocol endpoints) to a valid JSON Schema of an object;
 * the name is unique and one OpenAI accepts; the description is there and within OpenAI's 1,024
 * characters; the phase is declared on the tool and is a real phase. Then the scope built from those
 * phases (agent/toolScope.ts): within the cap in every phase, with every tool the phase's guidance
 * names, and phase moves exactly as the old string-keyed table had them.
 */
import assert from "node:assert/strict";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import Ajv2020 from "ajv/dist/2020";
import { isPhase, PHASE_GUIDANCE, PHASES, type Phase } from "../../../kernel-lib/src/workflow";
import { DEFAULT_MAX_TOOLS, ESCAPE_HATCH, phaseAfterTool, toolScope } from "../../../kernel-lib/src/agent/toolScope";
import { BUILTIN_TOOLS } from "../../../kernel-lib/src/tools/registry";

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_DESCRIPTION = 1024;

/** The table phases.ts had before the tools declared their phase: the moves must not change. */
const OLD_TOOL_PHASE: Record<string, Phase> = {
  get_data_status: "DATA_LOADING",
  load_data: "DATA_LOADING",
  inspect_data: "DATA_PROFILING",
  set_column_roles: "DATA_PROFILING",
  get_column_stats: "DATA_PROFILING",
  get_correlation_matrix: "DATA_PROFILING",
  detect_outliers: "DATA_PROFILING",
  validate_mmm_readiness: "DATA_VALIDATION",
  clean_data: "FEATURE_ENGINEERING",
  aggregate_weekly: "FEATURE_ENGINEERING",
  add_time_features: "FEATURE_ENGINEERING",
  get_adstock_recommendations: "ADSTOCK_OPTIMISATION",
  optimize_adstock_parameters: "ADSTOCK_OPTIMISATION",
  optimize_all_adstock_parameters: "ADSTOCK_OPTIMISATION",
  run_ols_mmm: "MODELING",
  run_bayesian_mmm: "MODELING",
  model_diagnostics: "EVALUATION",
  roi_summary: "EVALUATION",
  optimize_budget: "BUDGET_OPTIMISATION",
  simulate_scenario: "BUDGET_OPTIMISATION",
  compare_scenarios: "BUDGET_OPTIMISATION",
  plot_response_curves: "REPORTING",
  export_report: "REPORTING",
  // Added after the table moved onto the tools: forecast (issue #16.2).
  forecast: "EVALUATION",
  compare_models: "EVALUATION",
  // Analytics (issue #17.3): checks before modelling, charts at the first look.
  run_analytics: "DATA_VALIDATION",
  plot_data: "DATA_LOADING",
  // Weekly flighting (issue #16.6).
  plan_flighting: "BUDGET_OPTIMISATION",
};

/** Built-in tool names a phase's guidance tells the model to call. */
const namedIn = (text: string) => BUILTIN_TOOLS.map((t) => t.name).filter((n) => new RegExp(`\\b${n}\\b`).test(text));

describe("built-in tools: the contract", () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });

  it("every argument schema is a valid JSON Schema of an object, as bound for the model", () => {
    for (const t of BUILTIN_TOOLS) {
      const sent = convertToOpenAITool({ name: t.name, description: t.description, schema: t.schema });
      const params = sent.function.parameters as { type?: string; properties?: object };
      assert.equal(params.type, "object", `${t.name}: parameters must be an object schema`);
      assert.ok(params.properties, `${t.name}: parameters have properties`);
      assert.ok(ajv.validateSchema(params), `${t.name}: ${ajv.errorsText(ajv.errors)}`);
      // Strict compilation also refuses unknown keywords and contradictory constraints.
      assert.doesNotThrow(() => ajv.compile(params), `${t.name}`);
      assert.equal(sent.function.name, t.name);
    }
  });

  it("names are unique and valid for OpenAI; descriptions are present and within 1,024 characters", () => {
    const names = BUILTIN_TOOLS.map((t) => t.name);
    assert.equal(new Set(names).size, names.length, "unique names");
    for (const t of BUILTIN_TOOLS) {
      assert.match(t.name, NAME);
      assert.ok(t.description.trim().length >= 20, `${t.name}: a description the model can act on`);
      assert.ok(t.description.length <= MAX_DESCRIPTION, `${t.name}: ${t.description.length} characters`);
      assert.ok(["data", "mmm", "meta", "workflow"].includes(t.category), `${t.name}: category ${t.category}`);
    }
  });

  it("every tool declares its phase on itself: a real phase or 'always'", () => {
    for (const t of BUILTIN_TOOLS) {
      assert.ok(t.phase === "always" || isPhase(t.phase), `${t.name}: phase ${String(t.phase)}`);
      for (const p of t.alsoIn ?? []) assert.ok(isPhase(p), `${t.name}: alsoIn ${p}`);
    }
    const always = BUILTIN_TOOLS.filter((t) => t.phase === "always").map((t) => t.name);
    for (const n of ["ask_user", "ask_user_to_choose", "add_analysis_note", "get_analysis_history", "list_all_tools", "use_tool", "get_phase", "set_phase"]) assert.ok(always.includes(n), `${n} is an always tool`);
  });

  it("a success moves the phase exactly as the old table did (forward only); always tools never move it", () => {
    for (const t of BUILTIN_TOOLS) {
      for (const from of PHASES) {
        const target = OLD_TOOL_PHASE[t.name];
        const expected = target && PHASES.indexOf(target) > PHASES.indexOf(from) ? target : from;
        assert.equal(phaseAfterTool(from, t.name), expected, `${t.name} in ${from}`);
      }
    }
    assert.equal(phaseAfterTool("IDLE", "not_a_tool"), "IDLE");
  });
});

describe("tool scope per phase", () => {
  const custom = Array.from({ length: 40 }, (_, i) => `custom_${39 - i}`); // newest first

  it("every phase binds at most the cap, the escape hatch first, and every tool its guidance names", () => {
    for (const phase of PHASES) {
      for (const c of [[], custom.slice(0, 10), custom]) {
        const scope = toolScope(phase, c);
        assert.ok(scope.length <= DEFAULT_MAX_TOOLS, `${phase} with ${c.length} custom tools: ${scope.length}`);
        assert.equal(new Set(scope).size, scope.length, "no tool twice");
        assert.deepEqual(scope.slice(0, 2), [...ESCAPE_HATCH]);
        for (const n of namedIn(PHASE_GUIDANCE[phase])) assert.ok(scope.includes(n), `${phase}: guidance names ${n}, not bound with ${c.length} custom tools`);
      }
    }
  });

  it("the next phase's tools are bound, so a walk through the phases never needs use_tool", () => {
    for (let i = 1; i < PHASES.length - 1; i++) {
      const scope = toolScope(PHASES[i]!, custom);
      for (const t of BUILTIN_TOOLS.filter((x) => x.phase === PHASES[i + 1])) assert.ok(scope.includes(t.name), `${PHASES[i]}: ${t.name} of the next phase`);
    }
  });

  it("every phase leaves room for at least 4 custom tools under the default cap", () => {
    // A guard for new built-ins: a phase scope that grows past 28 would squeeze the analyst's own tools out.
    for (const phase of PHASES) assert.ok(toolScope(phase, []).length <= DEFAULT_MAX_TOOLS - 4, `${phase}: ${toolScope(phase, []).length} built-ins bound`);
  });

  it("custom tools fill what is left, the most recent first; any cap is respected", () => {
    const scope = toolScope("DATA_VALIDATION", custom);
    const bound = scope.filter((n) => n.startsWith("custom_"));
    assert.ok(bound.length >= 4, `room for custom tools: ${bound.length}`);
    assert.deepEqual(bound, custom.slice(0, bound.length), "the newest ones");
    assert.equal(scope.length, DEFAULT_MAX_TOOLS);
    for (const cap of [2, 5, 20]) {
      const s = toolScope("MODELING", custom, cap);
      assert.equal(s.length, cap);
      assert.deepEqual(s.slice(0, 2), [...ESCAPE_HATCH]);
    }
    assert.deepEqual(toolScope("MODELING", [], 0), [...ESCAPE_HATCH], "never below the escape hatch");
  });
});
