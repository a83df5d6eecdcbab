/**
 * The 6 workflow and reporting tools: the phase, readiness, model diagnostics, response-curve
 * charts and the exported report.
 */
import * as path from "node:path";
import { z } from "zod";
import { MMMError } from "../errors";
import { isPhase, PHASE_GUIDANCE, PHASES } from "../workflow";
import { buildReport } from "../report/report";
import { exportReport } from "../report/export";
import { responseCurvesFigure } from "../report/charts";
import { assessReadiness } from "./readiness";
import { bayesianFindings, ridgeFindings } from "./modelChecks";
import { bayesianGate, ridgeGate } from "./qualityGate";
import { outOfSampleSchema, runOutOfSample, validationFinding } from "./validationTools";
import { defineTool, type MmmTool, type ToolContext } from "./types";

/** The current model's curves, drawn under the report's chart key: a re-run replaces the chart. */
function curveSummaries({ engine }: ToolContext, points: number) {
  // The geo fit, when it is the latest: national curves, each channel at its current geo split.
  const geo = engine.analysis.currentGeo;
  if (geo) {
    const curves = geo.posterior.responseCurves({ points });
    engine.analysis.setFigure("response_curves", responseCurvesFigure(curves));
    return { model: "geo", curves };
  }
  const bayes = engine.currentModel === "bayesian";
  const curves = bayes ? engine.bayesian().responseCurves({ points }) : engine.responseCurves({ points });
  engine.analysis.setFigure("response_curves", responseCurvesFigure(curves));
  return { model: bayes ? "bayesian" : "ridge", curves };
}

export const workflowTools: MmmTool[] = [
  defineTool({
    name: "get_phase",
    category: "workflow",
    phase: "always",
    description: "The current analysis phase, its guidance and the phases so far.",
    schema: z.object({}),
    run: (_a, ctx) => ({ phase: ctx.phase, guidance: PHASE_GUIDANCE[ctx.phase], transitions: ctx.transitions, phases: PHASES }),
  }),
  defineTool({
    name: "set_phase",
    category: "workflow",
    phase: "always",
    description: "Move the analysis to a phase (forward, or back e.g. to FEATURE_ENGINEERING after a poor fit), with the reason.",
    schema: z.object({ phase: z.enum(PHASES), reason: z.string().min(1) }),
    run: (a, ctx) => {
      if (!isPhase(a.phase)) throw new MMMError("INVALID_ARGUMENT", `Unknown phase '${String(a.phase)}'.`, `Phases: ${PHASES.join(", ")}.`);
      ctx.update({ phase: { to: a.phase, reason: a.reason } });
      return { from: ctx.phase, to: a.phase, guidance: PHASE_GUIDANCE[a.phase] };
    },
  }),
  defineTool({
    name: "validate_mmm_readiness",
    category: "workflow",
    phase: "DATA_VALIDATION",
    description: "Check the working table is ready for MMM: history length, KPI, channels, nulls, negative spend, granularity; blockers, warnings and next steps.",
    schema: z.object({}),
    run: (_a, { engine }) => assessReadiness(engine.profile()),
  }),
  defineTool({
    name: "model_diagnostics",
    category: "workflow",
    phase: "EVALUATION",
    alsoIn: ["REPORTING"],
    description:
      "The quality gate of the latest model: checks an analyst would make (fit, holdout, a drifting baseline, inseparable channels, implausible ROAS, media share; R-hat, ESS, divergences for Bayesian) with a verdict — proceed, retry with the given fix, or ask the user with the given options; follow it. outOfSample: also refit the Bayesian model on earlier weeks and score held-out weeks (MAPE, 94% coverage vs in-sample).",
    schema: z.object({ outOfSample: outOfSampleSchema.optional() }),
    run: async (a, ctx) => {
      const { engine } = ctx;
      const oos = a.outOfSample && (await runOutOfSample(a.outOfSample, ctx));
      if (oos && "ask" in oos) return oos.ask;
      const current = engine.analysis.current;
      // The Bayesian fit's held-out scores, from this call or an earlier one on the same fit.
      const validation = oos?.validation ?? engine.analysis.validation;
      const extra = validation ? [validationFinding(validation)] : [];
      // The quality gate's verdict comes first: the trace shows it, the playbook and an LLM act on it.
      if (current?.kind === "bayesian") return { model: "bayesian", ...bayesianGate(current.result), findings: [...bayesianFindings(current.result), ...extra], ...(validation ? { validation } : {}) };
      const ridge = engine.lastRidge();
      return { model: "ridge", ...ridgeGate(ridge, engine.decomposition()), findings: [...ridgeFindings(ridge), ...extra], ...(validation ? { validation } : {}) };
    },
  }),
  defineTool({
    name: "plot_response_curves",
    category: "workflow",
    phase: "REPORTING",
    description: "Response curves of the latest model (weekly spend → weekly KPI, with 94% bands for Bayesian); shown to the user as an interactive chart.",
    schema: z.object({ points: z.number().int().min(5).max(200).optional() }),
    run: (a, ctx) => {
      const { model, curves } = curveSummaries(ctx, a.points ?? 40);
      return { model, chart: "responseCurves", channels: curves.map((c) => c.channel) };
    },
  }),
  defineTool({
    name: "export_report",
    category: "workflow",
    phase: "REPORTING",
    description: "Write the analysis report (markdown) with its tables (CSV/Parquet) and charts (Plotly JSON and HTML) to a directory under the export root.",
    schema: z.object({
      dir: z.string().optional().describe("output directory, relative to the export root (default: the export root itself)"),
      tables: z.enum(["csv", "parquet", "both"]).optional(),
      caveats: z.array(z.string()).optional(),
    }),
    run: async (a, ctx) => {
      const report = buildReport(ctx.engine, { caveats: a.caveats });
      // Confined to the export root, unless the analyst named this very directory (runFullAnalysis({ exportDir })).
      const granted = a.dir !== undefined && (ctx.config.allowedExportDirs ?? []).includes(path.resolve(a.dir));
      const written = exportReport(report, a.dir, { tables: a.tables, ...(granted ? {} : { within: ctx.config.exportRoot ?? "mmm-output" }) });
      ctx.engine.analysis.exported = written;
      return { dir: written.dir, files: written.files.map((f) => path.basename(f)) };
    },
  }),
];
