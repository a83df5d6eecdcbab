/**
 * The mime extension as JupyterLab loads it: its four renderer factories, and the Lumino widget
 * rendering a model. @lumino/widgets needs DOM globals (`document`, `Element`, `DragEvent`, and
 * `navigator` on Node 20), so they are set from happy-dom before the module is imported, and removed afterwards.
 */
import assert from "node:assert/strict";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { MIME } from "agentic-mmm-protocol";
import { questionPayload, testDom, tracePayload, type TestDom } from "./helpers";

const g = globalThis as Record<string, unknown>;

function model(mimeType: string, data: unknown): IRenderMime.IMimeModel {
  return { trusted: false, data: { [mimeType]: data }, metadata: {}, setData: () => undefined } as unknown as IRenderMime.IMimeModel;
}

describe("labextension mime extension", () => {
  let dom: TestDom;
  const saved: Record<string, PropertyDescriptor | undefined> = {};
  let extensions: IRenderMime.IExtension[];

  before(async () => {
    dom = testDom();
    const w = dom.window as unknown as Record<string, unknown>;
    // The DOM classes Node lacks (Element, DragEvent, …) plus the few globals Lumino reads.
    const classes = Object.getOwnPropertyNames(w).filter((k) => /^[A-Z]/.test(k) && typeof w[k] === "function" && !(k in globalThis));
    for (const k of [...classes, "document", "window", "navigator", "getComputedStyle", "requestAnimationFrame", "cancelAnimationFrame"]) {
      saved[k] = Object.getOwnPropertyDescriptor(globalThis, k);
      const value = typeof w[k] === "function" && /^[a-z]/.test(k) ? (w[k] as () => unknown).bind(dom.window) : k === "window" ? dom.window : w[k];
      Object.defineProperty(globalThis, k, { value, configurable: true, writable: true });
    }
    extensions = (await import("../../../labextension/src/mime/index")).default;
  });

  after(async () => {
    for (const [k, d] of Object.entries(saved)) {
      if (d) Object.defineProperty(globalThis, k, d);
      else delete g[k];
    }
    await dom.close();
  });

  it("registers one safe, rank-0 renderer per MIME type", () => {
    assert.deepEqual(
      extensions.map((e) => e.rendererFactory.mimeTypes[0]),
      [MIME.trace, MIME.question, MIME.chat, MIME.plotly],
    );
    for (const e of extensions) {
      assert.match(e.id, /^agentic-mmm-labextension:/);
      assert.equal(e.rendererFactory.safe, true);
      assert.equal(e.rendererFactory.defaultRank, 0);
    }
  });

  it("its widgets render a model, and an error box for a malformed one", async () => {
    const trace = extensions[0]!.rendererFactory;
    const w = trace.createRenderer({ mimeType: MIME.trace, sanitizer: {} as never, resolver: null, linkHandler: null, latexTypesetter: null } as unknown as IRenderMime.IRendererOptions);
    await w.renderModel(model(MIME.trace, tracePayload()));
    assert.ok(w.node.classList.contains("ammm-output"));
    assert.equal(w.node.querySelectorAll(".ammm-trace tbody tr").length, 9);
    await w.renderModel(model(MIME.trace, { ...tracePayload(), steps: {} }));
    assert.equal(w.node.querySelectorAll(".ammm-trace").length, 0);
    assert.equal(w.node.querySelectorAll(".ammm-error").length, 1);
    w.dispose();
    const q = extensions[1]!.rendererFactory.createRenderer({ mimeType: MIME.question } as unknown as IRenderMime.IRendererOptions);
    await q.renderModel(model(MIME.question, questionPayload()));
    assert.equal(q.node.querySelectorAll("button").length, 2);
    q.dispose();
  });
});
