/**
 * Records what a request handler sends (status, headers, body) while it goes to the client as usual, streamed and
 * unchanged: the page cache keeps the first rendering of a page this way, without holding its visitor up.
 */
import type { ServerResponse } from "node:http";
import { moveWriteHeadHeaders, writtenBytes } from "./response-writes";

export interface CapturedResponse {
  statusCode: number;
  headers: Array<{ name: string; value: string }>;
  body: Buffer;
  /** A header held several values (Set-Cookie): such a response is never kept. */
  multiValuedHeader: boolean;
}

/**
 * Resolves with the response once it is fully sent; with null when the client went away first or the body grew
 * past `maxBytes` (a page that large is not worth keeping).
 */
export function captureResponse(response: ServerResponse, maxBytes: number): Promise<CapturedResponse | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  const record = (chunk: unknown, encoding: unknown) => {
    const buffer = tooLarge ? null : writtenBytes(chunk, encoding);
    if (buffer === null) return;
    size += buffer.length;
    if (size > maxBytes) {
      tooLarge = true;
      chunks.length = 0;
    } else chunks.push(buffer);
  };
  const writeHead = response.writeHead;
  response.writeHead = function recordedWriteHead(this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    return writeHead.apply(this, moveWriteHeadHeaders(this, statusCode, rest) as never);
  } as ServerResponse["writeHead"];
  const write = response.write;
  const end = response.end;
  // Both keep their signatures: (chunk, encoding?, callback?), and end() may have no chunk at all.
  response.write = function recordedWrite(this: ServerResponse, ...args: Parameters<ServerResponse["write"]>) {
    record(args[0], args[1]);
    return write.apply(this, args as never);
  } as ServerResponse["write"];
  response.end = function recordedEnd(this: ServerResponse, ...args: unknown[]) {
    record(args[0], args[1]);
    return end.apply(this, args as never);
  } as ServerResponse["end"];
  return new Promise((resolve) => {
    response.once("close", () => {
      if (!response.writableFinished || tooLarge) return resolve(null);
      let multiValuedHeader = false;
      const headers: CapturedResponse["headers"] = [];
      for (const [name, value] of Object.entries(response.getHeaders())) {
        if (Array.isArray(value)) multiValuedHeader = true;
        else if (value !== undefined) headers.push({ name, value: String(value) });
      }
      resolve({ statusCode: response.statusCode, headers, body: Buffer.concat(chunks), multiValuedHeader });
    });
  });
}
