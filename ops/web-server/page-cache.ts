/**
 * Keeps the public pages a signed-out visitor loads (./cacheable-request.ts) as rendered, and answers the next
 * visitors from memory while nothing the page shows has changed: a board page costs about 12 ms of CPU to render,
 * although it changes only when a result does. What counts as "changed":
 * - the content stamp (./content-stamp.ts) moved: a board changed (its board version, raised by triggers), or a
 *   competition, track, phase, task, team, registration or runner did (migration 0013), whoever wrote it;
 * - this process handled a writing request (a form post, a server action, an upload), which may have changed
 *   something no trigger watches; the count is raised when such a request starts and again when it ends, so a
 *   page rendered while it ran is not kept;
 * - the page is older than `maxAgeMs`: pages also show time ("closes in 3 hours") and whether a runner is alive,
 *   which change without a write;
 * - the page was rendered soon after the stamp moved: each web process keeps its computed boards and reads their
 *   versions only every BOARD_CACHE_TTL_MS (lib/data/board-cache.ts), so such a page may show a board from before
 *   the change. It is rendered again once that window has passed.
 * Every answer carries a fresh CSP nonce (./nonce-template.ts); gzip is assembled without compressing again.
 * One request renders a missing page; the visitors who ask for it meanwhile wait for that rendering.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { BOARD_CACHE_TTL_MS } from "../../lib/data/board-cache";
import { createNonce } from "../../lib/security/response-headers";
import { acceptsGzip } from "../../lib/api/accepts-gzip";
import { pageCacheKey, READING_METHODS } from "./cacheable-request";
import {
  fillBody,
  fillGzippedBody,
  fillHeaders,
  makeNonceTemplate,
  type NonceTemplate,
  templateBytes,
} from "./nonce-template";
import { type CapturedResponse, captureResponse } from "./response-capture";

/** Says on every answer it may give whether it came from the cache: for operators, tests and the benchmark. */
export const PAGE_CACHE_HEADER = "x-joulebench-page-cache";

export interface PageCacheOptions {
  /** The content stamp, read once per request (./content-stamp.ts). */
  readStamp: () => Promise<string>;
  /** How long a kept page may be served: what pages say about time and live runners is at most this old. */
  maxAgeMs?: number;
  /** Memory for kept pages; the least recently served go first. */
  maxBytes?: number;
  /** A page larger than this renders every time. */
  maxPageBytes?: number;
  now?: () => number;
}

interface KeptPage {
  template: NonceTemplate;
  stamp: string;
  epoch: number;
  expiresAt: number;
  bytes: number;
}

/** How long after the stamp moved a rendered page may still show what the board cache held before (see above). */
const BOARD_SETTLE_MS = BOARD_CACHE_TTL_MS + 500;

/** Headers that describe one transfer, not the page; Node.js writes its own. */
const TRANSFER_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "keep-alive", "date"]);
const KEPT_CONTENT_TYPES = /^(text\/html|application\/json)\b/i;

export class PageCache {
  private readonly pages = new Map<string, KeptPage>();
  private readonly renderings = new Map<string, Promise<KeptPage | null>>();
  private keptBytes = 0;
  /** Raised by every writing request this process handles, at its start and at its end. */
  private writeEpoch = 0;
  /** The last stamp read and when it was first seen. */
  private stampSeen: { stamp: string; since: number } | null = null;
  private readonly maxAgeMs: number;
  private readonly maxBytes: number;
  private readonly maxPageBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: PageCacheOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 5_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.maxPageBytes = options.maxPageBytes ?? 8 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /** What the cache holds now: for operators' logs and the tests. */
  get holding(): { pages: number; bytes: number } {
    return { pages: this.pages.size, bytes: this.keptBytes };
  }

  /** Answers `request` from the cache when it may, and otherwise lets `render` (Next.js) answer it. */
  async handle(request: IncomingMessage, response: ServerResponse, render: () => Promise<void>): Promise<void> {
    if (!READING_METHODS.has(request.method ?? "")) {
      this.writeEpoch += 1;
      response.once("close", () => {
        this.writeEpoch += 1;
      });
      return render();
    }
    const key = pageCacheKey(request);
    if (key === null) {
      return render();
    }
    let stamp: string;
    try {
      stamp = await this.options.readStamp();
    } catch {
      // The database is unreachable: the page itself says so, as it does without the cache.
      return render();
    }
    if (this.stampSeen?.stamp !== stamp) this.stampSeen = { stamp, since: this.now() };
    const epoch = this.writeEpoch;
    const kept = this.pages.get(key);
    if (kept && kept.stamp === stamp && kept.epoch === epoch && this.now() < kept.expiresAt) {
      return this.serve(kept, key, request, response);
    }
    const renderingKey = `${epoch}\n${stamp}\n${key}`;
    const rendering = this.renderings.get(renderingKey);
    if (rendering) {
      const page = await rendering;
      if (page) return this.serve(page, key, request, response);
      return render();
    }
    // Next.js must send the page as text, to be kept; this first visitor gets it uncompressed.
    delete request.headers["accept-encoding"];
    response.setHeader(PAGE_CACHE_HEADER, "render");
    const captured = captureResponse(response, this.maxPageBytes);
    const page = captured.then((sent) => this.keep(key, stamp, epoch, sent));
    this.renderings.set(renderingKey, page);
    void page.finally(() => this.renderings.delete(renderingKey));
    try {
      await render();
    } catch (error) {
      // A response left open would hold every visitor waiting for this rendering.
      if (!response.writableEnded) response.destroy();
      throw error;
    }
  }

  private keep(key: string, stamp: string, epoch: number, sent: CapturedResponse | null): KeptPage | null {
    if (sent?.statusCode !== 200 || sent.multiValuedHeader) return null;
    const headers = sent.headers.filter(({ name }) => !TRANSFER_HEADERS.has(name) && name !== PAGE_CACHE_HEADER);
    const header = (name: string) => headers.find((candidate) => candidate.name === name)?.value;
    // Never keep a response that sets a cookie, or one already encoded (it would not be the page's text).
    if (header("set-cookie") !== undefined || header("content-encoding") !== undefined) return null;
    if (!KEPT_CONTENT_TYPES.test(header("content-type") ?? "")) return null;
    const nonce = /'nonce-([^']+)'/.exec(header("content-security-policy") ?? "")?.[1] ?? null;
    const template = makeNonceTemplate(sent.body, headers, nonce);
    const now = this.now();
    const settledAt = this.stampSeen?.stamp === stamp ? this.stampSeen.since + BOARD_SETTLE_MS : now;
    const expiresAt = now < settledAt ? settledAt : now + this.maxAgeMs;
    const page: KeptPage = { template, stamp, epoch, expiresAt, bytes: templateBytes(template) };
    this.forget(key);
    this.pages.set(key, page);
    this.keptBytes += page.bytes;
    // Map keeps insertion order, and serve() moves a served page to the end: the first pages are the least recent.
    for (const [oldestKey] of this.pages) {
      if (this.keptBytes <= this.maxBytes) break;
      this.forget(oldestKey);
    }
    return page;
  }

  private forget(key: string): void {
    const page = this.pages.get(key);
    if (!page) return;
    this.pages.delete(key);
    this.keptBytes -= page.bytes;
  }

  private serve(page: KeptPage, key: string, request: IncomingMessage, response: ServerResponse): void {
    if (this.pages.get(key) === page) {
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    const nonce = createNonce();
    const gzip = acceptsGzip(request.headers["accept-encoding"]);
    const body = gzip ? fillGzippedBody(page.template, nonce) : fillBody(page.template, nonce);
    response.statusCode = 200;
    for (const { name, value } of fillHeaders(page.template, nonce)) response.setHeader(name, value);
    const vary = response.getHeader("vary");
    if (!/\baccept-encoding\b/i.test(String(vary ?? ""))) {
      response.setHeader("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
    }
    if (gzip) response.setHeader("content-encoding", "gzip");
    response.setHeader("content-length", body.length);
    response.setHeader(PAGE_CACHE_HEADER, "hit");
    response.end(body);
  }
}
