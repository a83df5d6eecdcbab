/**
 * The analyst's own data, end to end (issue #14): 14 simulated files with known truth, each in a
 * different convention. For each, the offline agent's full analysis must find the roles or ask,
 * reach REPORTING, and recover the true ROAS on the well-posed files.
 */
import assert from "node:assert/strict";
import { accuracy, analyseCase, type CorpusOutcome } from "../../helpers/corpusRun";
import { tempDir } from "../../helpers/fixtures";
import { unseenCorpus } from "../../helpers/unseenCorpus";

const dir = tempDir("ammm-unseen-");

describe("the analyst's own data: an unseen corpus with known truth", function () {
  this.timeout(600_000);
  const outcomes: CorpusOutcome[] = [];

  before(async () => {
    for (const c of unseenCorpus()) outcomes.push(await analyseCase(c, dir));
    for (const o of outcomes) console.log(`      ${o.c.name.padEnd(17)} ${o.model.padEnd(8)} ${o.status} ${o.phase} questions=${o.questions.length} mean|err|=${accuracy(o).meanAbsErrorPct.toFixed(1)}% ${o.seconds.toFixed(1)} s`);
  });

  it("covers at least 12 conventions", () => {
    assert.ok(outcomes.length >= 12, `${outcomes.length} datasets`);
  });

  it("every file's channels are the true ones (found by name, or asked about)", () => {
    for (const o of outcomes) {
      const truth = Object.keys(o.c.truth);
      const missing = truth.filter((t) => !o.channels.includes(t));
      const extra = o.channels.filter((x) => !truth.includes(x) && !/sponsorship/.test(x));
      assert.deepEqual({ name: o.c.name, missing, extra }, { name: o.c.name, missing: [], extra: [] });
    }
  });

  it("asks when the file cannot say which columns are media, and about a refund", () => {
    const asked = (name: string, re: RegExp) => outcomes.find((o) => o.c.name === name)!.questions.some((q) => re.test(q));
    assert.ok(asked("anonymous", /paid media channels/), "anonymous columns: asked which are media");
    assert.ok(asked("refund", /negative values.*'tv_spend'.*row 50.*-70.91/), "the refund is asked about, naming column, row and value");
    for (const o of outcomes.filter((x) => !x.c.mustAsk && x.c.name !== "refund")) assert.ok(!o.questions.some((q) => /paid media channels/.test(q)), `${o.c.name}: no channel question needed`);
  });

  it("every full analysis reaches REPORTING and completes", () => {
    for (const o of outcomes) assert.deepEqual([o.c.name, o.status, o.phase], [o.c.name, "completed", "REPORTING"]);
  });

  // Well posed: the channel's true weekly contribution varies at least as much as the noise (signal >= 1).
  it("the default model recovers every well-posed channel's ROAS within 20%", () => {
    const bad: string[] = [];
    for (const o of outcomes.filter((x) => x.c.wellPosed)) {
      for (const [ch, t] of Object.entries(o.c.truth).filter(([k]) => o.c.signal[k]! >= 1)) {
        const e = o.estimates[ch];
        if (!e || Math.abs(e.roas / t - 1) > 0.2) bad.push(`${o.c.name}/${ch}: ${e?.roas.toFixed(2) ?? "none"} vs truth ${t.toFixed(2)} (${o.model})`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it("94% HDIs cover the truth in at least 90% of channel fits", () => {
    const fits = outcomes.filter((o) => o.model === "bayesian").flatMap((o) => Object.entries(o.c.truth).map(([ch, t]) => ({ at: `${o.c.name}/${ch}`, e: o.estimates[ch], t })));
    assert.ok(fits.length >= 30, `${fits.length} Bayesian channel fits`);
    const missed = fits.filter(({ e, t }) => !(e?.lo !== undefined && e.lo <= t && t <= e.hi!));
    const shown = missed.map(({ at, e, t }) => `${at}: truth ${t.toFixed(2)}, HDI [${e?.lo?.toFixed(2)}, ${e?.hi?.toFixed(2)}]`);
    assert.ok(1 - missed.length / fits.length >= 0.9, `${fits.length - missed.length}/${fits.length} covered; missed: ${shown.join("; ")}`);
  });

  it("three channels with equal spend share keep their true order and different ROAS", () => {
    const o = outcomes.find((x) => x.c.name === "equal_share")!;
    const order = (m: Record<string, number>) => Object.keys(m).sort((a, b) => m[b]! - m[a]!);
    const est = Object.fromEntries(Object.entries(o.estimates).map(([k, v]) => [k, v.roas]));
    assert.deepEqual(order(est), order(o.c.truth));
    const v = Object.values(est);
    assert.ok(Math.max(...v) / Math.min(...v) > 1.3, `ROAS ${v.map((x) => x.toFixed(2)).join(", ")} are not equalised`);
  });
});
