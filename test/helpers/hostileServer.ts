/**
 * A real node:http server on 127.0.0.1 whose behaviour is swapped per test: it can throttle,
 * hang, drop the connection mid-answer, answer HTML or truncated JSON, send huge bodies or
 * redirect. Every request is recorded (with its arrival time) so tests can check what reached
 * the server — and that nothing did, when the client must refuse before connecting.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface Hit {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request body had arrived. */
  at: number;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, hit: Hit, index: number) => void;

export interface HostileServer {
  url: string;
  port: number;
  hits: Hit[];
  /** The behaviour for the next requests (replace it freely). */
  handle: Handler;
  close(): Promise<void>;
}

export async function startHostileServer(handle: Handler): Promise<HostileServer> {
  const hits: Hit[] = [];
  const state = { handle };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const hit = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, at: performance.now() };
      hits.push(hit);
      state.handle(req, res, hit, hits.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    get handle() {
      return state.handle;
    },
    set handle(h: Handler) {
      state.handle = h;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

/** Headers and a few bytes of a promised 1000-byte body, then the socket is destroyed. */
export function dropMidway(res: http.ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  res.write('{"partial": "');
  setTimeout(() => res.socket?.destroy(), 10);
}

/** The connection is closed before any answer. */
export function dropNow(req: http.IncomingMessage): void {
  req.socket.destroy();
}

/** Never answer (the server keeps the connection open). */
export function hang(): void {}

/** `bytes` of JSON-ish filler, streamed in 1 MB pieces while the client keeps reading. */
export function streamBytes(res: http.ServerResponse, bytes: number, declare: boolean): void {
  res.writeHead(200, { "content-type": "application/json", ...(declare ? { "content-length": String(bytes) } : {}) });
  const piece = Buffer.alloc(1024 * 1024, 0x20);
  let sent = 0;
  const more = () => {
    while (sent < bytes && !res.destroyed) {
      const n = Math.min(piece.length, bytes - sent);
      sent += n;
      if (!res.write(n === piece.length ? piece : piece.subarray(0, n))) return void res.once("drain", more);
    }
    if (!res.destroyed) res.end();
  };
  res.on("close", () => (sent = bytes));
  more();
}
