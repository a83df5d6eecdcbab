/**
 * A local server speaking the OpenAI chat-completions protocol (the one Databricks Model Serving
 * exposes under /serving-endpoints), driven by a script: each request gets the next scripted
 * reply. Records every request (path, headers, body) so tests can check what the client sent.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface ScriptedCall {
  name: string;
  /** An object (sent as JSON) or a raw string (e.g. malformed JSON). */
  args: Record<string, unknown> | string;
}

export type ScriptedReply = { content: string } | { toolCalls: ScriptedCall[]; content?: string } | { status: number; error: string };

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: { model: string; messages: { role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }[]; tools?: { function: { name: string } }[] };
}

export interface OpenAiTestServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

let ids = 0;

/**
 * What the real API rejects: a tool message must answer a tool call of an earlier assistant
 * message, and every tool call must be answered before the next assistant or user message.
 */
function protocolProblem(body: RecordedRequest["body"]): string | undefined {
  const open = new Set<string>();
  for (const m of body.messages ?? []) {
    if (m.role === "tool") {
      if (!m.tool_call_id || !open.has(m.tool_call_id)) return `tool message answers unknown tool_call_id '${m.tool_call_id}'`;
      open.delete(m.tool_call_id);
    } else {
      if (open.size > 0) return `tool calls ${[...open].join(", ")} have no tool message`;
      for (const c of (m.tool_calls ?? []) as { id: string }[]) open.add(c.id);
    }
  }
  return undefined;
}

function completion(reply: ScriptedReply, model: string) {
  const id = `chatcmpl-${++ids}`;
  const calls = "toolCalls" in reply ? reply.toolCalls.map((c, i) => ({ id: `call_${ids}_${i}`, type: "function", function: { name: c.name, arguments: typeof c.args === "string" ? c.args : JSON.stringify(c.args) } })) : undefined;
  const message = { role: "assistant", content: "content" in reply ? (reply.content ?? null) : null, ...(calls ? { tool_calls: calls } : {}) };
  return { id, object: "chat.completion", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, message, finish_reason: calls ? "tool_calls" : "stop" }], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } };
}

/**
 * Start the server. `script` is a list of replies, or a function of the request index and body
 * (for replies that depend on what the client sent, or endless loops).
 */
/** Other endpoints of the same host (e.g. Databricks' /oidc/v1/token): path → handler. */
export type ExtraRoutes = Record<string, (req: http.IncomingMessage, rawBody: string) => { status: number; json: unknown }>;

export async function startOpenAiServer(script: ScriptedReply[] | ((i: number, body: RecordedRequest["body"]) => ScriptedReply), routes: ExtraRoutes = {}): Promise<OpenAiTestServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString()));
    req.on("end", () => {
      const route = routes[(req.url ?? "").split("?")[0]!];
      if (route) {
        const out = route(req, raw);
        res.statusCode = out.status;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(out.json));
        return;
      }
      const body = JSON.parse(raw || "{}") as RecordedRequest["body"];
      const i = requests.length;
      requests.push({ path: req.url ?? "", headers: req.headers, body });
      const problem = protocolProblem(body);
      if (problem) {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: { message: problem, type: "invalid_request_error" } }));
        return;
      }
      const reply = typeof script === "function" ? script(i, body) : (script[i] ?? { content: "(script exhausted)" });
      res.setHeader("content-type", "application/json");
      if ("status" in reply) {
        res.statusCode = reply.status;
        res.end(JSON.stringify({ error: { message: reply.error, type: "test_error", code: reply.status } }));
        return;
      }
      res.end(JSON.stringify(completion(reply, body.model)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The tool messages the client sent in request `i` (what our tools answered). */
export function toolMessages(r: RecordedRequest): { tool_call_id?: string; content: string }[] {
  return r.body.messages.filter((m) => m.role === "tool").map((m) => ({ tool_call_id: m.tool_call_id, content: String(m.content) }));
}
