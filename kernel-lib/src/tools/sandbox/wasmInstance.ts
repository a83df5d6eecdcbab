/**
 * One fresh QuickJS WebAssembly instance per sandboxed call, each with its own fixed-size memory
 * (created inside the sandbox's worker thread, see workerPool.ts).
 *
 * Why not one shared module: QuickJS's `setMemoryLimit` only bounds single allocations for large
 * strings and typed arrays (quickjs-emscripten issue #271), so a tool could grow the shared wasm
 * memory to gigabytes; and a host-side stack overflow inside wasm leaves that instance unusable.
 * A `WebAssembly.Memory` with a fixed `maximum` makes `malloc` fail (QuickJS then throws its own
 * "out of memory") and a fresh instance means nothing a tool does can outlive its call. The wasm is
 * compiled once; instantiating it again takes a few milliseconds.
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC, type QuickJSWASMModule } from "quickjs-emscripten";

const PAGE = 64 * 1024;
/** The release build's initial heap (its `INITIAL_MEMORY`): engine, C stack and static data. */
const INITIAL_PAGES = 256;
/** The variant's own ceiling for the memory it imports (2 GiB). */
const MAX_PAGES = 32768;

// This project's `lib` has no WebAssembly types (they live in lib "dom"): the two calls used here.
type WasmModule = object;
type WasmMemory = object;
const Wasm = (
  globalThis as unknown as {
    WebAssembly: {
      compile(bytes: Uint8Array): Promise<WasmModule>;
      Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
    };
  }
).WebAssembly;

let compiled: Promise<WasmModule> | undefined;

function compiledWasm(): Promise<WasmModule> {
  if (!compiled) {
    // The wasm file belongs to quickjs-emscripten's own dependency: resolve it from there.
    const base = dirname(require.resolve("quickjs-emscripten"));
    const file = require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm", { paths: [base] });
    const loading = Wasm.compile(readFileSync(file));
    loading.catch(() => (compiled = undefined));
    compiled = loading;
  }
  return compiled;
}

/** Compile the wasm ahead of the first call (a worker does this while it waits for work). */
export async function warmUpSandbox(): Promise<void> {
  await compiledWasm();
}

/**
 * A new QuickJS module whose whole wasm heap may grow by at most `extraBytes` beyond the engine's
 * initial 16 MB.
 */
export async function newSandboxModule(extraBytes: number): Promise<QuickJSWASMModule> {
  const maximum = Math.min(MAX_PAGES, INITIAL_PAGES + Math.ceil(extraBytes / PAGE));
  const wasmMemory = new Wasm.Memory({ initial: INITIAL_PAGES, maximum });
  const wasmModule = await compiledWasm();
  type VariantOptions = Parameters<typeof newVariant>[1];
  const options = { wasmModule, wasmMemory } as unknown as VariantOptions;
  return newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, options));
}
