/**
 * One-time compression of the board exports, in front of a real HTTP server. The handler stands in for Next.js
 * and writes as it does: headers set one by one, flushHeaders(), several writes, end(), then it waits for the
 * answer to be sent ("finish") before it returns.
 */
import { once } from "node:events";
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { CompressOnce } from "./compress-once";

const EXPORT = "/api/v1/competitions/sst2/tracks/cpu-1t/leaderboard";
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const board = JSON.stringify({ entries: Array.from({ length: 2000 }, (_, i) => ({ rank: i + 1, model: `m-${i}` })) });

async function nextLike(response: ServerResponse, etag: string | null): Promise<void> {
  response.statusCode = 200;
  response.setHeader("content-type", "application/json");
  if (etag) response.setHeader("etag", etag);
  response.flushHeaders();
  const middle = Math.floor(board.length / 2);
  response.write(board.slice(0, middle));
  response.write(Buffer.from(board.slice(middle)));
  response.end();
  await once(response, "finish");
}

async function startSite(etag: string | null = '"v1"') {
  const layer = new CompressOnce();
  let handled = 0;
  const askedFor: Array<string | undefined> = [];
  const server = createServer((request, response) => {
    const render = async () => {
      handled += 1;
      askedFor.push(request.headers["accept-encoding"]);
      await nextLike(response, etag);
    };
    void (layer.takes(request) ? layer.handle(request, response, render) : render());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, layer, handled: () => handled, askedFor };
}

function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ headers: IncomingMessage["headers"]; body: Buffer }>((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

describe("compress once", () => {
  it("sends the export gzipped, compressing it once per ETag", async () => {
    const site = await startSite();
    for (let i = 0; i < 3; i++) {
      const answer = await rawGet(`${site.base}${EXPORT}`, { "accept-encoding": "gzip, deflate, br" });
      expect(answer.headers["content-encoding"]).toBe("gzip");
      expect(answer.headers.etag).toBe('"v1"');
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(answer.headers["content-length"])).toBe(answer.body.length);
      expect(gunzipSync(answer.body).toString("utf8")).toBe(board);
    }
    expect(site.handled()).toBe(3);
    expect(site.askedFor, "the handler is asked for the bytes themselves").toEqual([undefined, undefined, undefined]);
    expect(site.layer.holding.answers).toBe(1);
    expect(site.layer.holding.bytes).toBeLessThan(board.length / 4);
  });

  it("compresses an answer without an ETag each time, and leaves other clients and paths alone", async () => {
    const site = await startSite(null);
    const answer = await rawGet(`${site.base}${EXPORT}.csv`, { "accept-encoding": "gzip" });
    expect(gunzipSync(answer.body).toString("utf8")).toBe(board);
    expect(site.layer.holding.answers).toBe(0);
    const plain = await rawGet(`${site.base}${EXPORT}`, {});
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString("utf8")).toBe(board);
    const elsewhere = await rawGet(`${site.base}/api/v1/submissions`, { "accept-encoding": "gzip" });
    expect(elsewhere.headers["content-encoding"]).toBeUndefined();
  });
});
