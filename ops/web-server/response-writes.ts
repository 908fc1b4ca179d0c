/**
 * What a request handler hands a Node.js response, read the same way by the two layers that watch it (the page
 * cache's tee, ./response-capture.ts, and the exports' hold, ./held-response.ts).
 */
import type { ServerResponse } from "node:http";

/** The bytes of a write(chunk, encoding?, callback?) or end(chunk?, ...) call; null when it wrote none. */
export function writtenBytes(chunk: unknown, encoding: unknown): Buffer | null {
  if (chunk === undefined || chunk === null || typeof chunk === "function") return null;
  return typeof chunk === "string"
    ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
    : Buffer.from(chunk as Uint8Array);
}

/**
 * writeHead(status, reason?, headers?) sends the headers it is given without them ever showing in getHeaders():
 * sets them one by one instead, and returns the arguments left for writeHead itself (status and reason).
 */
export function moveWriteHeadHeaders(response: ServerResponse, statusCode: number, rest: unknown[]): unknown[] {
  const reason = typeof rest[0] === "string" ? rest[0] : undefined;
  const headers = reason === undefined ? rest[0] : rest[1];
  if (headers && typeof headers === "object" && !response.headersSent) {
    // An object, or Node's flat [name, value, name, value, ...] array.
    const pairs: Array<[string, unknown]> = Array.isArray(headers)
      ? Array.from({ length: Math.floor(headers.length / 2) }, (_, i) => [String(headers[2 * i]), headers[2 * i + 1]])
      : Object.entries(headers);
    for (const [name, value] of pairs) if (value !== undefined) response.setHeader(name, value as string | string[]);
    return reason === undefined ? [statusCode] : [statusCode, reason];
  }
  return [statusCode, ...rest];
}
