/**
 * The board exports (JSON, CSV) and the board's entries.json are large (0.8 MB of JSON at 500 entries) and the same
 * between board versions, yet Next.js compresses them for every request, at five times the cost of the rest of the
 * request; and a route handler cannot send bytes it compressed before, because Next.js drops the Content-Encoding
 * it sets. So their routes name their bytes with a strong ETag (a digest kept with the bytes), and this layer
 * holds Next.js's uncompressed answer, looks up the gzip kept for that ETag (compressing once when there is none)
 * and sends it. An answer without an ETag is compressed as Next.js would have.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { constants, gzipSync } from "node:zlib";
import { acceptsGzip } from "../../lib/api/accepts-gzip";
import { holdResponse } from "./held-response";

const COMPRESSED_ONCE_PATHS: readonly RegExp[] = [
  /^\/api\/v1\/competitions\/[^/]+\/tracks\/[^/]+\/leaderboard(\.csv)?$/,
  /^\/competitions\/[^/]+\/tracks\/[^/]+\/entries\.json$/,
];

export class CompressOnce {
  /** gzip bodies by address and ETag, least recently used first (Map order). */
  private readonly kept = new Map<string, Buffer>();
  private keptBytes = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  /** What it keeps now: for the tests. */
  get holding(): { answers: number; bytes: number } {
    return { answers: this.kept.size, bytes: this.keptBytes };
  }

  /** Whether this layer takes the request (then `handle` must answer it). */
  takes(request: IncomingMessage): boolean {
    if (request.method !== "GET" || !request.url) return false;
    const path = request.url.split("?", 1)[0] ?? "";
    return (
      COMPRESSED_ONCE_PATHS.some((pattern) => pattern.test(path)) && acceptsGzip(request.headers["accept-encoding"])
    );
  }

  async handle(request: IncomingMessage, response: ServerResponse, render: () => Promise<void>): Promise<void> {
    // Next.js must answer with the bytes themselves, compressed here.
    delete request.headers["accept-encoding"];
    const keyOf = (etag: unknown) => (typeof etag === "string" ? `${request.url}\n${etag}` : null);
    // The gzip kept for this answer, taken when its headers are known: the body is then not held at all, and a
    // later eviction cannot leave this answer without one.
    let pinned: { key: string; gzip: Buffer } | null = null;
    const held = holdResponse(response, () => {
      const key = response.statusCode === 200 ? keyOf(response.getHeader("etag")) : null;
      const gzip = key === null ? undefined : this.kept.get(key);
      if (key === null || gzip === undefined) return true;
      pinned = { key, gzip };
      return false;
    });
    // Next.js waits for the answer to be sent ("finish") before its handler returns: the answer comes first.
    const rendering = render().finally(() => held.handlerReturned());
    const answer = await held.answer;
    if (answer === null) {
      if (!response.writableEnded) response.destroy();
      return rendering;
    }
    const key = answer.statusCode === 200 ? keyOf(answer.headers.etag) : null;
    const encoded = answer.headers["content-encoding"] !== undefined || (answer.bodyKept && answer.body.length === 0);
    const kept = pinned as { key: string; gzip: Buffer } | null;
    const gzip = encoded
      ? null
      : kept !== null && kept.key === key
        ? this.touch(kept.key, kept.gzip)
        : key !== null && answer.bodyKept
          ? this.gzipOf(key, answer.body)
          : gzipSync(answer.body, { level: constants.Z_DEFAULT_COMPRESSION });
    held.send(gzip ?? answer.body, gzip ? { "content-encoding": "gzip" } : {});
    await rendering;
  }

  /** Marks a kept gzip as used now; it is forgotten last. */
  private touch(key: string, gzip: Buffer): Buffer {
    if (this.kept.get(key) === gzip) {
      this.kept.delete(key);
      this.kept.set(key, gzip);
    }
    return gzip;
  }

  /**
   * `key`: the address and the ETag. The exports' ETags are digests of their bytes (lib/api/http.ts's bytesEtag),
   * so one key is one body.
   */
  private gzipOf(key: string, body: Buffer): Buffer {
    const found = this.kept.get(key);
    if (found) return this.touch(key, found);
    const gzip = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
    this.kept.set(key, gzip);
    this.keptBytes += gzip.length;
    for (const [oldest, bytes] of this.kept) {
      if (this.keptBytes <= this.maxBytes) break;
      this.kept.delete(oldest);
      this.keptBytes -= bytes.length;
    }
    return gzip;
  }
}
