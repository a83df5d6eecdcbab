/**
 * A tiny GGUF v3 model written at test time: llama architecture, a few blocks of seeded random F32
 * weights and a SentencePiece-style ("llama") vocabulary. No weights can be downloaded here, so this
 * exercises the llama.cpp plumbing end to end; what it generates is gibberish by construction.
 *
 * Format (little-endian): "GGUF", version, tensor count, metadata count, metadata key/values,
 * tensor infos (name, dims innermost first, type, offset), then the aligned tensor data.
 */
import { writeFileSync } from "node:fs";
import { fixtureRng } from "./fixtures";

export interface TinyGgufOptions {
  /** Seed of the weights (same seed, same file). */
  seed?: number;
  embedding?: number;
  blocks?: number;
  heads?: number;
  feedForward?: number;
  contextLength?: number;
}

const ALIGN = 32;
enum T {
  U32 = 4,
  I32 = 5,
  F32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
}
/** llama.cpp token types. */
enum Tok {
  NORMAL = 1,
  UNKNOWN = 2,
  CONTROL = 3,
  BYTE = 6,
}

type Value = { t: T.U32 | T.I32 | T.F32; v: number } | { t: T.BOOL; v: boolean } | { t: T.STRING; v: string } | { t: T.ARRAY; of: T.I32 | T.F32 | T.STRING; v: (number | string)[] };

class Writer {
  private chunks: Buffer[] = [];
  size = 0;
  private push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
  }
  u32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  i32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.push(b);
  }
  u64(n: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  f32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    this.push(b);
  }
  str(s: string): void {
    const b = Buffer.from(s, "utf8");
    this.u64(b.length);
    this.push(b);
  }
  bytes(b: Buffer): void {
    this.push(b);
  }
  pad(): void {
    const n = (ALIGN - (this.size % ALIGN)) % ALIGN;
    if (n) this.push(Buffer.alloc(n));
  }
  value(v: Value): void {
    this.u32(v.t);
    if (v.t === T.ARRAY) {
      this.u32(v.of);
      this.u64(v.v.length);
      for (const x of v.v) v.of === T.STRING ? this.str(x as string) : v.of === T.I32 ? this.i32(x as number) : this.f32(x as number);
    } else if (v.t === T.STRING) this.str(v.v);
    else if (v.t === T.BOOL) this.push(Buffer.from([v.v ? 1 : 0]));
    else if (v.t === T.F32) this.f32(v.v);
    else if (v.t === T.I32) this.i32(v.v);
    else this.u32(v.v);
  }
  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

// Seeded weights, so the model file is reproducible.
const rng = fixtureRng;

/** <unk>, <s>, </s>, the 256 byte-fallback tokens, then "▁" + printable ASCII and a few words. */
function vocabulary(): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens = ["<unk>", "<s>", "</s>"];
  const types = [Tok.UNKNOWN, Tok.CONTROL, Tok.CONTROL];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(Tok.BYTE);
  }
  const pieces = ["▁"];
  for (let c = 33; c < 127; c++) pieces.push(String.fromCharCode(c));
  pieces.push("▁the", "▁model", "▁data", "▁spend", "▁sales", "▁tool", "▁call", "er", "in", "on", "an", "▁a", "▁I");
  for (const p of pieces) {
    tokens.push(p);
    types.push(Tok.NORMAL);
  }
  // SentencePiece scores: longer pieces score higher, so words win over single characters.
  const scores = tokens.map((t, i) => (types[i] === Tok.NORMAL ? -100 + [...t].length * 10 - i * 1e-3 : 0));
  return { tokens, scores, types };
}

/** Build the GGUF file's bytes. */
export function tinyGguf(opts: TinyGgufOptions = {}): Buffer {
  const nEmbd = opts.embedding ?? 16;
  const nBlocks = opts.blocks ?? 2;
  const nHead = opts.heads ?? 2;
  const nFf = opts.feedForward ?? 32;
  const nCtx = opts.contextLength ?? 32768;
  const rand = rng(opts.seed ?? 1);
  const vocab = vocabulary();
  const nVocab = vocab.tokens.length;

  const meta: [string, Value][] = [
    ["general.architecture", { t: T.STRING, v: "llama" }],
    ["general.name", { t: T.STRING, v: "agentic-mmm tiny test model" }],
    ["general.alignment", { t: T.U32, v: ALIGN }],
    ["general.file_type", { t: T.U32, v: 0 }], // all F32
    ["llama.context_length", { t: T.U32, v: nCtx }],
    ["llama.embedding_length", { t: T.U32, v: nEmbd }],
    ["llama.block_count", { t: T.U32, v: nBlocks }],
    ["llama.feed_forward_length", { t: T.U32, v: nFf }],
    ["llama.attention.head_count", { t: T.U32, v: nHead }],
    ["llama.attention.head_count_kv", { t: T.U32, v: nHead }],
    ["llama.attention.layer_norm_rms_epsilon", { t: T.F32, v: 1e-5 }],
    ["llama.rope.dimension_count", { t: T.U32, v: nEmbd / nHead }],
    ["llama.rope.freq_base", { t: T.F32, v: 10000 }],
    ["llama.vocab_size", { t: T.U32, v: nVocab }],
    ["tokenizer.ggml.model", { t: T.STRING, v: "llama" }],
    ["tokenizer.ggml.tokens", { t: T.ARRAY, of: T.STRING, v: vocab.tokens }],
    ["tokenizer.ggml.scores", { t: T.ARRAY, of: T.F32, v: vocab.scores }],
    ["tokenizer.ggml.token_type", { t: T.ARRAY, of: T.I32, v: vocab.types }],
    ["tokenizer.ggml.unknown_token_id", { t: T.U32, v: 0 }],
    ["tokenizer.ggml.bos_token_id", { t: T.U32, v: 1 }],
    ["tokenizer.ggml.eos_token_id", { t: T.U32, v: 2 }],
    ["tokenizer.ggml.add_bos_token", { t: T.BOOL, v: true }],
    ["tokenizer.ggml.add_eos_token", { t: T.BOOL, v: false }],
  ];

  // Dims innermost first, as GGUF stores them (token_embd is n_embd x n_vocab).
  const tensors: [string, number[]][] = [
    ["token_embd.weight", [nEmbd, nVocab]],
    ["output_norm.weight", [nEmbd]],
    ["output.weight", [nEmbd, nVocab]],
  ];
  for (let b = 0; b < nBlocks; b++) {
    tensors.push(
      [`blk.${b}.attn_norm.weight`, [nEmbd]],
      [`blk.${b}.attn_q.weight`, [nEmbd, nEmbd]],
      [`blk.${b}.attn_k.weight`, [nEmbd, nEmbd]],
      [`blk.${b}.attn_v.weight`, [nEmbd, nEmbd]],
      [`blk.${b}.attn_output.weight`, [nEmbd, nEmbd]],
      [`blk.${b}.ffn_norm.weight`, [nEmbd]],
      [`blk.${b}.ffn_gate.weight`, [nEmbd, nFf]],
      [`blk.${b}.ffn_up.weight`, [nEmbd, nFf]],
      [`blk.${b}.ffn_down.weight`, [nFf, nEmbd]],
    );
  }

  const w = new Writer();
  w.bytes(Buffer.from("GGUF", "ascii"));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(meta.length);
  for (const [k, v] of meta) {
    w.str(k);
    w.value(v);
  }
  const data: Buffer[] = [];
  let offset = 0;
  for (const [name, dims] of tensors) {
    const n = dims.reduce((a, b) => a * b, 1);
    const t = new Float32Array(n);
    // Norm weights at 1 (RMS norm scale); matrices small and random so activations stay finite.
    if (name.endsWith("norm.weight")) t.fill(1);
    else for (let i = 0; i < n; i++) t[i] = (rand() * 2 - 1) * 0.5;
    const bytes = Buffer.from(t.buffer);
    const padded = Buffer.alloc(Math.ceil(bytes.length / ALIGN) * ALIGN);
    bytes.copy(padded);
    w.str(name);
    w.u32(dims.length);
    for (const d of dims) w.u64(d);
    w.u32(0); // GGML_TYPE_F32
    w.u64(offset);
    data.push(padded);
    offset += padded.length;
  }
  w.pad();
  for (const d of data) w.bytes(d);
  return w.buffer();
}

/** Write a tiny model to `path` and return the path. */
export function writeTinyGguf(path: string, opts: TinyGgufOptions = {}): string {
  writeFileSync(path, tinyGguf(opts));
  return path;
}
