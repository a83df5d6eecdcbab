/**
 * Loading node-llama-cpp and a GGUF model, lazily. node-llama-cpp is an optional peer dependency
 * (its prebuilt llama.cpp binaries are large), so it is imported only when the llama-cpp provider
 * is used; and it is an ES module with top-level await, which `require` cannot load, hence
 * `import()` (kept as is in our CommonJS output by module node16).
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { errorMessage, MMMError } from "../../errors";
import type { LlamaHistoryItem } from "./llamaCppHistory";

// node-llama-cpp's types, structurally and only what we use: its declarations are ES-module only
// (awkward from CommonJS) and must not leak into our .d.ts (the package is optional).
interface LlamaChatReply {
  response: string;
  functionCalls?: { functionName: string; params: unknown }[];
  metadata: { stopReason: string };
}
export interface LlamaChatLike {
  generateResponse(history: LlamaHistoryItem[], options: Record<string, unknown>): Promise<LlamaChatReply>;
}
interface LlamaContextLike {
  getSequence(): unknown;
  dispose(): Promise<void>;
}
interface LlamaModelLike {
  createContext(options: { contextSize?: number | { max: number }; threads?: number; sequences?: number }): Promise<LlamaContextLike>;
  dispose(): Promise<void>;
}
interface LlamaLike {
  loadModel(options: { modelPath: string }): Promise<LlamaModelLike>;
}
interface NodeLlamaCpp {
  getLlama(options: { gpu: false | "auto"; build: "never"; logLevel: unknown; logger: (level: unknown, message: string) => void; progressLogs: boolean }): Promise<LlamaLike>;
  LlamaChat: new (options: { contextSequence: unknown }) => LlamaChatLike;
  LlamaLogLevel: { error: unknown };
}

export const NODE_LLAMA_CPP_VERSION = "3.21.1";

export interface LlamaLoadOptions {
  modelPath: string;
  contextSize?: number;
  threads?: number;
  gpu?: boolean;
}

/** A model with one context sequence and the chat driver on it (one generation at a time). */
export interface LoadedLlama {
  model: LlamaModelLike;
  context: LlamaContextLike;
  chat: LlamaChatLike;
}

let lib: Promise<NodeLlamaCpp> | undefined;
/** llama.cpp's last error lines: they say why a file did not load, so they go into our error. */
const nativeErrors: string[] = [];
const collect = (_level: unknown, message: string) => {
  nativeErrors.push(message.trim());
  if (nativeErrors.length > 4) nativeErrors.shift();
};
const runtimes = new Map<string, Promise<LlamaLike>>();

function importNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  lib ??= (import("node-llama-cpp") as Promise<unknown> as Promise<NodeLlamaCpp>).catch((err: unknown) => {
    lib = undefined; // installing it later in the same session should work
    const code = (err as { code?: string })?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new MMMError(
        "DEPENDENCY_MISSING",
        "The llama-cpp provider needs the optional package node-llama-cpp, which is not installed.",
        `Install it next to agentic-mmm: npm install node-llama-cpp@${NODE_LLAMA_CPP_VERSION} (prebuilt llama.cpp binaries for Linux, macOS and Windows; no compiler needed).`,
      );
    }
    throw new MMMError("DEPENDENCY_MISSING", `node-llama-cpp is installed but could not be loaded: ${errorMessage(err)}`, `Reinstall it (npm install node-llama-cpp@${NODE_LLAMA_CPP_VERSION}) on Node >= 20.`);
  });
  return lib;
}

/** Fail early, before anything is loaded, on a path that cannot be a GGUF model. */
export function checkModelFile(modelPath: string): void {
  const hint = "Pass llm: { provider: 'llama-cpp', modelPath } with the path of a GGUF model file (e.g. a Q4_K_M build of an instruct model with tool calling, such as Qwen 2.5 or Llama 3.1).";
  let size: number;
  try {
    const st = statSync(modelPath);
    if (!st.isFile()) throw new MMMError("FILE_NOT_FOUND", `The llama-cpp model path '${modelPath}' is not a file.`, hint, { file: modelPath });
    size = st.size;
  } catch (err) {
    if (err instanceof MMMError) throw err;
    throw new MMMError("FILE_NOT_FOUND", `No model file at '${modelPath}'.`, hint, { file: modelPath });
  }
  const magic = Buffer.alloc(4);
  const fd = openSync(modelPath, "r");
  try {
    readSync(fd, magic, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 4 || magic.toString("latin1") !== "GGUF") {
    throw new MMMError("UNSUPPORTED_FORMAT", `'${modelPath}' is not a GGUF model file (llama.cpp reads only GGUF).`, `${hint} Older GGML .bin files must be converted with llama.cpp's convert scripts.`, { file: modelPath });
  }
}

function runtime(l: NodeLlamaCpp, opts: LlamaLoadOptions): Promise<LlamaLike> {
  const gpu = opts.gpu === false ? "cpu" : "auto";
  let r = runtimes.get(gpu);
  if (!r) {
    // build "never": use the prebuilt binaries (or a local build), never download and compile at run time.
    r = l.getLlama({ gpu: opts.gpu === false ? false : "auto", build: "never", logLevel: l.LlamaLogLevel.error, logger: collect, progressLogs: false });
    r.catch(() => runtimes.delete(gpu));
    runtimes.set(gpu, r);
  }
  return r;
}

/** Load the model and create its context; failures become MMMErrors naming the file. */
export async function loadLlama(opts: LlamaLoadOptions): Promise<LoadedLlama> {
  const l = await importNodeLlamaCpp();
  let llama: LlamaLike;
  try {
    llama = await runtime(l, opts);
  } catch (err) {
    throw new MMMError(
      "DEPENDENCY_MISSING",
      `node-llama-cpp has no usable llama.cpp binary for ${process.platform}-${process.arch}: ${errorMessage(err)}`,
      "Reinstall node-llama-cpp so that its prebuilt binaries (@node-llama-cpp/*) are present, or build one with `npx node-llama-cpp source download`.",
    );
  }
  let model: LlamaModelLike;
  nativeErrors.length = 0;
  try {
    model = await llama.loadModel({ modelPath: opts.modelPath });
  } catch (err) {
    const why = [...new Set([errorMessage(err), ...nativeErrors])].join("; ");
    throw new MMMError("CORRUPT_FILE", `llama.cpp could not load the model '${opts.modelPath}': ${why}.`, "Check that the file is a complete GGUF model (re-download it) and that this node-llama-cpp version supports its architecture.", {
      file: opts.modelPath,
    });
  }
  try {
    const context = await model.createContext({ contextSize: opts.contextSize ?? { max: 32_768 }, threads: opts.threads, sequences: 1 });
    return { model, context, chat: new l.LlamaChat({ contextSequence: context.getSequence() }) };
  } catch (err) {
    await model.dispose();
    throw new MMMError("LLM_FAILED", `llama.cpp could not create a context for '${opts.modelPath}': ${errorMessage(err)}`, "Use a smaller contextSize in the llm options, or a smaller (more quantised) model.", { file: opts.modelPath });
  }
}
