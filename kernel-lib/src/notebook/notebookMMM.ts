/**
 * `NotebookMMM`: what the analyst drives from cells. Each call shows rich output in the cell
 * (trace, question, report, charts, tables) and returns plain data, so it works outside notebooks
 * too. A run that needs the analyst ends the cell showing the question; `answer` in the next cell
 * resumes it. Failures show one clear line and leave the session as it was. Everything shown is read
 * from the engine's analysis, so cells, the side panel and the report show the same current model.
 */
import type { MMMEngine } from "../engine";
import type { RoleOptions } from "../data/roleOptions";
import type { AgentRun, MMMAgent } from "../agent/session";
import type { FullAnalysisOptions } from "../playbook/request";
import type { TraceEvent } from "../agent/trace";
import { buildReport, exportReport, figureBundle, type ExportOptions, type PlotlyFigure } from "../report";
import { withFigureKey } from "../analysis/figure";
import type { FigureEntry } from "../analysis/analysis";
import { redactDeep } from "../secrets";
import type { CustomToolSpec } from "../tools/sandbox/customTools";
import { chatBundle, frameBundle, markdownBundle, questionBundle, traceBundle } from "./bundles";
import { truncateForDisplay } from "../agent/displayText";
import { cellSafe } from "./cellErrors";
import { display } from "./kernelDisplay";
import { htmlTable } from "./html";
import { sessionRegistry } from "./sessions";
import type { SaveOptions } from "../lifecycle/save";
import type { ForecastInput } from "../model/forecast";
import type { Frame } from "../data/polars";
import { forecastWithChart } from "../report/forecastView";
import { briefly } from "./brief";

export interface NotebookState {
  phase: string;
  pendingQuestion?: AgentRun["question"];
  notes: { at: string; phase: string; text: string }[];
  data: ReturnType<MMMEngine["status"]>;
  /** The current model (the latest fit unless `nb.engine.useModel` picked one). */
  model?: "ridge" | "bayesian";
  /** The current model's fit: when it was made and its R² (what the report and charts show). */
  fit?: { model: "ridge" | "bayesian"; at: string; r2: number };
  lastRun?: Pick<AgentRun, "status" | "phase" | "steps" | "seconds">;
}

export class NotebookMMM {
  readonly agent: MMMAgent;
  /** The variable name used in answer hints (`nb` by default). */
  variable = "nb";
  #state: Omit<NotebookState, "notes" | "data" | "model" | "fit">;
  /** Revision of each chart key as last shown: a changed revision is shown again, in place. */
  #shown = new Map<string, number>();
  #plotCount = 0;

  constructor(agent: MMMAgent) {
    this.agent = agent;
    this.#state = { phase: "IDLE" };
    const reg = sessionRegistry();
    reg.sessions.set(agent.threadId, this);
    reg.latest = agent.threadId;
  }

  get session(): string {
    return this.agent.threadId;
  }

  /** The engine (no agent, no LLM): data, fits, curves, budget. */
  get engine(): MMMEngine {
    return this.agent.engine;
  }

  /** Phase and pending question as of the last call; notes, data and the current model as of now. */
  get state(): NotebookState {
    const a = this.engine.analysis;
    const c = a.current;
    const fit = c && { model: c.kind, at: c.at, r2: c.kind === "ridge" ? c.result.metrics.r2 : c.result.fit.r2 };
    return redactDeep({ ...this.#state, notes: [...a.notes], data: this.engine.status(), model: c?.kind, ...(fit ? { fit } : {}) });
  }

  ask(question: string): Promise<AgentRun> {
    return cellSafe(() => this.#run(() => this.agent.ask(question)));
  }

  runFullAnalysis(opts: FullAnalysisOptions = {}): Promise<AgentRun> {
    return cellSafe(() => this.#run(() => this.agent.runFullAnalysis(opts)));
  }

  /** Answer the agent's pending question (by option text or 0-based index) and resume the run. */
  answer(questionId: string, value: unknown): Promise<AgentRun> {
    return cellSafe(() => this.#run(() => this.agent.answer(questionId, value)));
  }

  /**
   * Set column roles (KPI, date, geo, the exact channels and controls) and show the resulting
   * roles with the reason for each column. Roles left out keep their value; a wrong name changes nothing.
   * @example nb.setRoles({ channels: ["tv", "search", "social"], controls: ["price"] })
   */
  setRoles(roles: RoleOptions) {
    return cellSafe(async () => {
      const r = this.engine.setRoles(roles);
      const rows = [...(r.kpi ? [[r.kpi, "KPI"]] : []), ...r.channels.map((c) => [c, "channel"]), ...r.controls.map((c) => [c, "control"]), ...r.ignored.map((c) => [c, "left out"])].map(([c, role]) => [
        c!,
        role!,
        r.confidence[c!] ?? "high",
        r.reasons[c!] ?? "",
      ]);
      display({ "text/html": htmlTable(["column", "role", "confidence", "why"], rows), "text/plain": rows.map((x) => x.join("  ")).join("\n") });
      return briefly(
        { kpi: r.kpi, date: r.date, geo: r.geo, channels: r.channels, controls: r.controls, ignored: r.ignored, negativeSpend: r.negativeSpend },
        `[agentic-mmm] roles: ${r.channels.length} channels, ${r.controls.length} controls`,
      );
    });
  }

  /** Continue the conversation (what the side panel's chat box sends). */
  say(text: string): Promise<AgentRun> {
    return this.ask(text);
  }

  /** Show the chat handle: the side panel's chat box, or how to continue in cells without it. */
  chat(): { session: string; hint: string } {
    display(chatBundle(this.session, this.variable, this.#state.phase));
    return { session: this.session, hint: `await ${this.variable}.say("…")` };
  }

  addTool(spec: CustomToolSpec) {
    return cellSafe(async () => {
      const info = await this.agent.addTool(spec);
      briefly(info, `[agentic-mmm] custom tool '${info.name}'`);
      display({ "text/plain": `Custom tool '${info.name}' added: the agent can call it from its next step.`, "text/html": `Custom tool <code>${info.name}</code> added: the agent can call it from its next step.` });
      return info;
    });
  }

  listTools() {
    const all = briefly(this.agent.tools.catalogue(), `[agentic-mmm] ${this.agent.tools.catalogue().length} tools`);
    display({
      "text/html": htmlTable(
        ["tool", "category", "description"],
        all.map((t) => [t.name, t.category, t.description]),
      ),
      "text/plain": all.map((t) => `${t.category.padEnd(9)} ${t.name}`).join("\n"),
    });
    return all;
  }

  /** Notes, phase transitions and data steps so far. */
  history() {
    return cellSafe(async () => {
      const s = await this.agent.state();
      const rows = [...s.transitions.map((t) => [t.at.slice(11, 19), "phase", `${t.from} → ${t.to}`, t.reason]), ...s.notes.map((n) => [n.at.slice(11, 19), "note", n.phase, n.text])];
      display({ "text/html": htmlTable(["time", "kind", "what", "detail"], rows), "text/plain": rows.map((r) => r.join("  ")).join("\n") || "No history yet." });
      return redactDeep({ notes: s.notes, transitions: s.transitions, dataSteps: this.engine.steps });
    });
  }

  /**
   * Write the report (markdown, tables, charts) to `dir`, anywhere but /proc, /sys, /dev; shows the
   * report. Files agentic-mmm did not write there (or that were edited since) are kept unless
   * `overwrite: true`.
   */
  export(dir = "mmm_report", opts: Pick<ExportOptions, "overwrite" | "tables"> = {}) {
    return cellSafe(async () => {
      const report = buildReport(this.engine);
      const written = exportReport(report, dir, { overwrite: opts.overwrite, tables: opts.tables });
      display(markdownBundle(`${report.markdown}\n\nWritten to \`${written.dir}\` (${written.files.length} files).`));
      return written;
    });
  }

  /**
   * Save the fitted models (ridge and/or Bayesian, which is current, roles) to folder `dir`: a
   * later session reloads them with `initMMM({ model: dir })`. See README "Save and load".
   */
  save(dir: string, opts: SaveOptions = {}) {
    return cellSafe(async () => {
      const saved = this.engine.save(dir, opts);
      display(
        markdownBundle(
          `Saved the ${saved.fits.join(" and ")} fit${saved.fits.length > 1 ? "s" : ""} (current: ${saved.current ?? "none"}) to \`${saved.dir}\`: ${saved.files.join(", ")}. Reload with \`initMMM({ model: ${JSON.stringify(dir)} })\`.`,
        ),
      );
      return saved;
    });
  }

  /**
   * Forecast the weeks after the data under a spend plan (or new rows with spend and controls) and
   * show the chart: expected KPI with its 94% band, carry-over of the last weeks included.
   * @example await nb.forecast({ spend: { tv: 20_000, search: 8_000 }, weeks: 13 });
   */
  forecast(input: ForecastInput | Frame | Record<string, unknown>[] = {}, opts: { model?: "ridge" | "bayesian"; seed?: number } = {}) {
    return cellSafe(async () => {
      const { forecast, figure } = forecastWithChart(this.engine, input, opts);
      display(figureBundle(figure.figure, `ammm-forecast-${this.session.slice(0, 8)}-${++this.#plotCount}`));
      this.#shown.set(figure.key, figure.revision);
      return forecast;
    });
  }

  /**
   * Show the charts of the analysis so far (Plotly): response curves (with 94% bands after a
   * Bayesian fit), contributions over time, actual vs fitted, ROI bars, the budget plan. Pick some
   * by name, e.g. nb.plot("roi", "budget").
   */
  plot(...names: string[]): string[] {
    const charts = buildReport(this.engine).charts as Record<string, PlotlyFigure>;
    const chosen = Object.entries(charts).filter(([k]) => names.length === 0 || names.includes(k));
    // Keyed like the tools' charts: the side panel replaces a chart of the same key.
    chosen.forEach(([k, fig]) => display(figureBundle(withFigureKey(fig, k), `ammm-${k}-${this.session.slice(0, 8)}-${++this.#plotCount}`)));
    if (chosen.length === 0) display({ "text/plain": `No charts yet${names.length ? ` named ${names.join(", ")}` : ""}: available after a model fit (${Object.keys(charts).join(", ") || "none so far"}).` });
    return chosen.map(([k]) => k);
  }

  /** Show a Polars frame (e.g. `nb.show(nb.engine.frame())`). */
  show(df: Parameters<typeof frameBundle>[0], maxRows = 20): void {
    display(frameBundle(df, maxRows));
  }

  async #run(start: () => Promise<AgentRun>): Promise<AgentRun> {
    const id = `ammm-trace-${this.session}-${Date.now()}`;
    const events: TraceEvent[] = [];
    let last = 0;
    const unsubscribe = this.agent.trace.subscribe((e) => {
      events.push(e);
      const now = Date.now();
      // Progress while the run goes: the trace output is updated in place, at most every 300 ms.
      if (now - last > 300) {
        last = now;
        display(traceBundle(this.session, events), { displayId: id, update: true });
      }
    });
    display(traceBundle(this.session, []), { displayId: id });
    try {
      const run = await start();
      display(traceBundle(this.session, run.trace, run), { displayId: id, update: true });
      this.#after(run);
      return briefly(run, `[agentic-mmm] ${run.status} · phase ${run.phase} · ${run.steps} steps · ${run.seconds.toFixed(1)} s`);
    } catch (err) {
      // Rejected before the run began (wrong question id, bad value): leave no "running" trace box behind.
      if (events.length === 0) display({ "text/plain": "" }, { displayId: id, update: true });
      throw err;
    } finally {
      unsubscribe();
    }
  }

  #after(run: AgentRun): void {
    this.#state = { ...this.#state, phase: run.phase, pendingQuestion: run.question, lastRun: { status: run.status, phase: run.phase, steps: run.steps, seconds: run.seconds } };
    this.#showNewFigures();
    if (run.question) display(questionBundle(this.session, { ...run.question, prompt: truncateForDisplay(run.question.prompt) }, this.variable));
    else display(markdownBundle(truncateForDisplay(run.reply)));
  }

  /**
   * Charts the tools made or redrew during the run (response curves, …), by key: a new key is shown
   * in this cell; a redrawn key replaces its earlier output in place and is shown here too.
   */
  #showNewFigures(): void {
    for (const e of this.#changedFigures()) {
      const displayId = `ammm-fig-${this.session.slice(0, 8)}-${e.key}`;
      const bundle = figureBundle(e.figure, `${displayId}-${e.revision}`);
      if (this.#shown.has(e.key)) display(bundle, { displayId, update: true });
      display(bundle, { displayId });
      this.#shown.set(e.key, e.revision);
    }
  }

  #changedFigures(): FigureEntry[] {
    return this.engine.analysis.figureEntries().filter((e) => this.#shown.get(e.key) !== e.revision);
  }
}
