/** How the protocol spells a panel call: one expression on the registry's `panel`, arguments as JSON literals. */
import assert from "node:assert/strict";
import { KERNEL_GLOBAL, literal, PANEL_CALLS, panelCall } from "agentic-mmm-protocol";

describe("protocol panel calls", () => {
  it("lists the four calls of PanelApi", () => {
    assert.deepEqual([...PANEL_CALLS], ["pendingQuestion", "answer", "say", "state", "latest"]);
  });

  it("spells a call through Reflect.get on the kernel global, with JSON arguments", () => {
    assert.equal(panelCall("answer", "s1", "q1", ["tv", 2]), `Reflect.get(globalThis, "${KERNEL_GLOBAL}").panel.answer("s1", "q1", ["tv",2])`);
    assert.equal(panelCall("say", null, "hi"), 'Reflect.get(globalThis, "agenticMMM").panel.say(null, "hi")');
    assert.equal(panelCall("answer", "s", "q", undefined), 'Reflect.get(globalThis, "agenticMMM").panel.answer("s", "q", null)');
  });

  it("literal keeps any text inside its string, on one line", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${…} is part of the hostile text under test
    const nasty = '"); globalThis.pwned = true; ("\n\u2028\u2029`${1}`';
    const lit = literal(nasty);
    assert.ok(!/[\n\u2028\u2029]/.test(lit));
    assert.equal(new Function(`return ${lit};`)(), nasty);
  });
});
