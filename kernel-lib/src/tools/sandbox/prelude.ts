/**
 * JavaScript evaluated inside the sandbox before the tool's code: it installs the read-only `data`,
 * `console`, a seeded `Math.random`, and returns the `run(argsJson)` function the host calls.
 *
 * Only strings cross the boundary: the data and the arguments go in as JSON, the result comes back
 * as a JSON string that the prelude has checked first (so a function, `undefined`, `NaN` or a cycle
 * gets an error naming where it is, rather than being silently dropped by `JSON.stringify`).
 * The prelude captures the built-ins it relies on before the tool's code runs, so tool code that
 * overwrites `JSON`, `Object` or `String.prototype.slice` only breaks itself. Nothing here is a
 * guarantee, though: the worker reads every string's length before copying it and the host caps
 * what comes back (outputCaps.ts).
 */

/** The `name` of errors that come from the tool breaking its contract (not from its own code). */
export const CONTRACT_ERROR = "ToolContractError";

/**
 * Called as `(dataJson | undefined, hostLog, seed, maxLogLines, lineChars)`; returns
 * `[run(argsJson), describe(thrown, maxChars)]`: `describe` gives `[name, message, stack, lineNumber]`
 * of anything thrown, each text cut to `maxChars`, using only built-ins captured here.
 */
// biome-ignore lint/complexity/noUselessStringRaw: sandbox source kept raw so a backslash added to it later reaches the sandbox unchanged
export const PRELUDE = String.raw`(function (dataJson, hostLog, seed, maxLogLines, lineChars) {
  "use strict";
  const g = globalThis;
  const { parse, stringify } = JSON;
  const apply = Reflect.apply;
  const strSlice = String.prototype.slice;
  const Str = String;
  const BIG = 10n ** 300n;
  const { keys, freeze, defineProperty, getPrototypeOf, hasOwn } = Object;
  const isArray = Array.isArray;
  const isFinite = Number.isFinite;
  const imul = Math.imul;
  const ObjectProto = Object.prototype;
  const DateCtor = Date;
  const PromiseCtor = Promise;

  function contractError(message) {
    const e = new Error(message);
    e.name = "${CONTRACT_ERROR}";
    return e;
  }

  // Math.random: mulberry32 with a fixed seed, so the same inputs give the same output.
  let state = seed >>> 0;
  Math.random = function random() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  function cut(s, n) { return s.length > n ? apply(strSlice, s, [0, n]) : s; }
  // Any value as text, without calling anything the tool may have replaced (BigInts are not
  // printed: turning a huge one into digits cannot be interrupted).
  function show(v) {
    const t = typeof v;
    if (t === "string") return v;
    if (t === "bigint") return v < BIG && v > -BIG ? Str(v) : "(a BigInt too large to print)";
    if (t === "symbol") return "(a Symbol)";
    try { const s = stringify(v); if (typeof s === "string") return s; } catch (e) {}
    try { const s = Str(v); return typeof s === "string" ? s : "(unprintable)"; } catch (e) { return "(unprintable)"; }
  }

  // console: every method goes to the host's capped log, one line cut at lineChars.
  let logged = 0;
  function log() {
    logged++;
    if (logged > maxLogLines) {
      if (logged === maxLogLines + 1) hostLog("... (further console output dropped)");
      return;
    }
    let line = "";
    for (let i = 0; i < arguments.length && line.length < lineChars; i++) line += (i ? " " : "") + cut(show(arguments[i]), lineChars);
    hostLog(cut(line, lineChars));
  }
  g.console = freeze({ log: log, info: log, warn: log, error: log, debug: log });

  function describe(e, maxChars) {
    if (e === null || (typeof e !== "object" && typeof e !== "function")) return ["", cut(show(e), maxChars), "", -1];
    const read = (k) => { try { return e[k]; } catch (x) { return undefined; } };
    const name = read("name"), message = read("message"), stack = read("stack"), line = read("lineNumber");
    return [
      typeof name === "string" ? cut(name, maxChars) : "",
      typeof message === "string" ? cut(message, maxChars) : cut(show(e), maxChars),
      typeof stack === "string" ? cut(stack, maxChars) : "",
      typeof line === "number" ? line : -1,
    ];
  }

  // data: a deeply frozen copy of the table, or a getter that explains there is none.
  if (dataJson === undefined) {
    defineProperty(g, "data", {
      configurable: true,
      get() { throw new Error("No data is loaded, so data is not available: load a dataset first, or pass the values as arguments."); },
    });
  } else {
    const columns = parse(dataJson);
    const names = freeze(keys(columns));
    for (const n of names) freeze(columns[n]);
    freeze(columns);
    const nRows = names.length ? columns[names[0]].length : 0;
    let rows;
    const buildRows = () => {
      const out = [];
      for (let i = 0; i < nRows; i++) {
        const row = {};
        for (const n of names) row[n] = columns[n][i];
        out.push(freeze(row));
      }
      return freeze(out);
    };
    const shown = names.length > 40 ? names.slice(0, 40).join(", ") + ", ..." : names.join(", ");
    const data = freeze({
      columns: columns,
      columnNames: names,
      nRows: nRows,
      column(name) {
        if (typeof name === "string" && hasOwn(columns, name)) return columns[name];
        throw new Error("Unknown column " + stringify(String(name)) + ". Available columns: " + shown);
      },
      rows() { return rows || (rows = buildRows()); },
    });
    defineProperty(g, "data", { value: data, writable: false, enumerable: false, configurable: true });
  }

  const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
  function problem(v, path, parents) {
    if (v === null) return null;
    switch (typeof v) {
      case "string": case "boolean": return null;
      case "number": return isFinite(v) ? null : path + " is " + v + ", which JSON cannot hold (use null or a finite number)";
      case "undefined": return path === "result"
        ? "tool_fn returned undefined: end it with return <a JSON-serialisable value>"
        : path + " is undefined (use null instead)";
      case "function": return path + " is a function, which JSON cannot hold";
      case "bigint": return path + " is a BigInt (convert it with Number())";
      case "symbol": return path + " is a symbol, which JSON cannot hold";
    }
    if (parents.indexOf(v) >= 0) return path + " refers back to an object that contains it (a cycle)";
    if (v instanceof DateCtor) return null;
    parents.push(v);
    let found = null;
    if (isArray(v)) {
      for (let i = 0; i < v.length && !found; i++) found = problem(v[i], path + "[" + i + "]", parents);
    } else {
      const proto = getPrototypeOf(v);
      if (proto !== ObjectProto && proto !== null) {
        const kind = (proto && proto.constructor && proto.constructor.name) || "non-plain object";
        found = path + " is a " + kind + ": return plain objects and arrays (Object.fromEntries(map), Array.from(set or typed array))";
      }
      for (const k of keys(v)) {
        if (found) break;
        found = problem(v[k], IDENT.test(k) ? path + "." + k : path + "[" + stringify(k) + "]", parents);
      }
    }
    parents.pop();
    return found;
  }
  function encode(value) {
    const p = problem(value, "result", []);
    if (p) throw contractError(p);
    return stringify(value);
  }

  function run(argsJson) {
    const fn = typeof tool_fn === "function" ? tool_fn : typeof toolFn === "function" ? toolFn : undefined;
    if (!fn) throw contractError("the code must define function tool_fn(args) { ... } (or toolFn)");
    const out = fn(parse(argsJson));
    if (out !== null && typeof out === "object" && typeof out.then === "function") {
      return PromiseCtor.resolve(out).then(encode);
    }
    return encode(out);
  }
  return [run, describe];
})`;

/** Evaluated after the tool's code when it is added: does it define the entry point? */
export const DEFINES_TOOL_FN = `typeof tool_fn === "function" || typeof toolFn === "function"`;
