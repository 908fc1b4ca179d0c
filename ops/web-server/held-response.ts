/**
 * Holds what a request handler sends instead of letting it reach the client, so that the answer can be changed
 * (compressed) before it goes: writes are buffered, headers are only recorded, and the handler's end() waits until
 * send() has sent the changed answer. Made for Next.js's way of writing a response (writeHead or setHeader,
 * flushHeaders, write, end, then waiting for "finish").
 */
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { moveWriteHeadHeaders, writtenBytes } from "./response-writes";

export interface HeldAnswer {
  statusCode: number;
  headers: OutgoingHttpHeaders;
  /** Empty when `bodyNeeded` said it was not. */
  body: Buffer;
  bodyKept: boolean;
}

export interface HeldResponse {
  /** The handler's answer once it called end(); null when the client went away first. */
  answer: Promise<HeldAnswer | null>;
  /** Sends `body` in place of the held one, with the held headers and `headers` over them. */
  send(body: Buffer, headers: OutgoingHttpHeaders): void;
  /** The handler returned: if it never ended its answer, none will come (the answer settles as null). */
  handlerReturned(): void;
}

/**
 * `bodyNeeded` is asked once, at the first write, when the headers are set: false means the caller will send
 * something else whatever the body is (a gzip it already keeps), and the body is not copied at all (copying 0.8 MB
 * per request kept the garbage collector busy).
 */
export function holdResponse(response: ServerResponse, bodyNeeded: () => boolean = () => true): HeldResponse {
  const original = {
    writeHead: response.writeHead,
    flushHeaders: response.flushHeaders,
    write: response.write,
    end: response.end,
  };
  const chunks: Buffer[] = [];
  let keepBody: boolean | undefined;
  const record = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    keepBody ??= bodyNeeded();
    const buffer = keepBody ? writtenBytes(chunk, encoding) : null;
    if (buffer !== null) chunks.push(buffer);
  };
  let settle: (answer: HeldAnswer | null) => void = () => {};
  const answer = new Promise<HeldAnswer | null>((resolve) => {
    settle = resolve;
  });
  response.once("close", () => settle(null));

  response.writeHead = function heldWriteHead(this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    const [status, reason] = moveWriteHeadHeaders(this, statusCode, rest);
    this.statusCode = status as number;
    if (typeof reason === "string") this.statusMessage = reason;
    return this;
  } as ServerResponse["writeHead"];
  response.flushHeaders = () => {};
  response.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    record(chunk, encoding);
    const done = typeof encoding === "function" ? encoding : callback;
    if (typeof done === "function") queueMicrotask(() => (done as () => void)());
    return true;
  }) as ServerResponse["write"];
  response.end = ((chunk?: unknown, encoding?: unknown) => {
    record(chunk, encoding);
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    settle({ statusCode: response.statusCode, headers: response.getHeaders(), body, bodyKept: keepBody !== false });
    return response;
  }) as ServerResponse["end"];

  return {
    answer,
    send(body, headers) {
      Object.assign(response, original);
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) response.setHeader(name, value);
      const vary = String(response.getHeader("vary") ?? "");
      if (!/\baccept-encoding\b/i.test(vary))
        response.setHeader("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
      response.removeHeader("transfer-encoding");
      response.setHeader("content-length", body.length);
      response.end(body);
    },
    handlerReturned() {
      settle(null);
    },
  };
}
