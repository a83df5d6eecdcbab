import assert from "node:assert/strict";
import { SEND_EVENT, type SendDetail } from "../../../labextension/src/events";
import { renderQuestion, type Sender } from "../../../labextension/src/views/questionView";
import { MALFORMED, questionPayload, SESSION, testDom, texts, type TestDom } from "./helpers";

function recorder(take = true) {
  const sent: SendDetail[] = [];
  const sender: Sender = (_node, detail) => {
    sent.push(detail);
    return take;
  };
  return { sent, sender };
}

describe("labextension question view", () => {
  let dom: TestDom;
  beforeEach(() => (dom = testDom()));
  afterEach(() => dom.close());

  it("a choice question shows one button per option and sends the chosen one", () => {
    const { sent, sender } = recorder();
    renderQuestion(dom.host, questionPayload(), sender);
    assert.equal(dom.host.querySelector(".ammm-prompt")!.textContent, "Which column is the KPI to model? Several columns look like one.");
    assert.deepEqual(texts(dom.host, "button"), ["revenue", "sales"]);
    assert.ok(dom.host.querySelector("button")!.classList.contains("ammm-button-default"));
    (dom.host.querySelectorAll("button")[1] as HTMLButtonElement).click();
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]!.request, { kind: "answer", session: SESSION, questionId: "offline_6", value: "sales" });
    assert.ok(
      Array.from(dom.host.querySelectorAll("button")).every((b) => (b as HTMLButtonElement).disabled),
      "disabled while sending",
    );
    const status = () => dom.host.querySelector(".ammm-send-status")!;
    sent[0]!.onStatus({ state: "waiting", message: "Waiting for the kernel: a cell is still running…" });
    assert.match(status().textContent!, /Waiting for the kernel/);
    assert.ok(status().classList.contains("ammm-send-waiting"));
    sent[0]!.onStatus({ state: "retrying", attempt: 2, delayMs: 500 });
    assert.match(status().textContent!, /retrying in 0\.5 s/);
    sent[0]!.onStatus({ state: "done" });
    assert.equal(status().textContent, 'Answered: "sales"');
  });

  it("re-enables the widget and shows the kernel's error", () => {
    const { sent, sender } = recorder();
    renderQuestion(dom.host, questionPayload(), sender);
    (dom.host.querySelector("button") as HTMLButtonElement).click();
    sent[0]!.onStatus({ state: "error", message: "No agentic-mmm session in this kernel" });
    assert.match(dom.host.querySelector(".ammm-send-error")!.textContent!, /No agentic-mmm session/);
    assert.ok(!(dom.host.querySelector("button") as HTMLButtonElement).disabled);
  });

  it("a multiple-choice question sends the checked options", () => {
    const { sent, sender } = recorder();
    renderQuestion(dom.host, questionPayload("question-choice", { multiple: true, options: ["tv", "radio", "search"], default: "tv" }), sender);
    const boxes = dom.host.querySelectorAll<HTMLInputElement>("input[type=checkbox]");
    assert.equal(boxes.length, 3);
    assert.ok(boxes[0]!.checked);
    boxes[2]!.checked = true;
    (dom.host.querySelector(".ammm-submit") as HTMLButtonElement).click();
    assert.deepEqual(sent[0]!.request, { kind: "answer", session: SESSION, questionId: "offline_6", value: ["tv", "search"] });
  });

  it("a text question sends the typed answer on Enter", () => {
    const { sent, sender } = recorder();
    const q = questionPayload("question-text");
    renderQuestion(dom.host, q, sender);
    assert.equal(dom.host.querySelector(".ammm-prompt")!.textContent, "Which weeks had a promotion?");
    const input = dom.host.querySelector("textarea")!;
    input.value = "  Black Friday  ";
    const KeyboardEvent = dom.window.KeyboardEvent as unknown as typeof globalThis.KeyboardEvent;
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    assert.deepEqual(sent[0]!.request, { kind: "answer", session: q.session, questionId: "call_1", value: "Black Friday" });
  });

  it("sends through a bubbling DOM event that the panel plugin takes", () => {
    const got: SendDetail[] = [];
    dom.document.addEventListener(SEND_EVENT, (e) => {
      got.push((e as CustomEvent<SendDetail>).detail);
      e.preventDefault();
    });
    renderQuestion(dom.host, questionPayload());
    (dom.host.querySelector("button") as HTMLButtonElement).click();
    assert.equal(got.length, 1);
    assert.equal(got[0]!.request.kind, "answer");
    assert.equal(dom.host.querySelector(".ammm-send-manual"), null);
  });

  it("without the panel plugin it shows the call to run in a cell", () => {
    renderQuestion(dom.host, questionPayload());
    (dom.host.querySelector("button") as HTMLButtonElement).click();
    const manual = dom.host.querySelector(".ammm-send-manual")!;
    assert.equal(manual.querySelector("code")!.textContent, `await Reflect.get(globalThis, "agenticMMM").panel.answer("${SESSION}", "offline_6", "revenue");`);
    assert.ok(!(dom.host.querySelector("button") as HTMLButtonElement).disabled);
  });

  it("renders an error box for malformed payloads", () => {
    for (const bad of [...MALFORMED.map(([, v]) => v), questionPayload("question-choice", { options: "a,b" }), questionPayload("question-choice", { options: undefined }), questionPayload("question-text", { id: 7 })]) {
      assert.doesNotThrow(() => renderQuestion(dom.host, bad));
      assert.equal(dom.host.querySelectorAll(".ammm-error").length, 1);
      assert.equal(dom.host.querySelector("button"), null);
    }
  });
});
