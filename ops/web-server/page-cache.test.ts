/**
 * The page cache in front of a real HTTP server. The renderer stands in for Next.js and behaves as it does for
 * our pages: it reads the nonce from the request's CSP (as the proxy sets it) and writes it into the page's
 * scripts and the response's CSP header, streamed in several writes.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { PAGE_CACHE_HEADER, PageCache, type PageCacheOptions } from "./page-cache";

interface Site {
  base: string;
  renders: () => number;
  stamp: { value: string };
  clock: { now: number };
  cache: PageCache;
  close: () => Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function startSite(
  options: Partial<PageCacheOptions> = {},
  renderer: (request: IncomingMessage, response: ServerResponse, nonce: string) => Promise<void> | void = renderPage,
): Promise<Site> {
  let renders = 0;
  const stamp = { value: "1" };
  const clock = { now: 1_000_000 };
  const cache = new PageCache({ readStamp: async () => stamp.value, now: () => clock.now, ...options });
  const server = createServer((request, response) => {
    void cache.handle(request, response, async () => {
      renders += 1;
      await renderer(request, response, randomBytes(16).toString("base64"));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    renders: () => renders,
    stamp,
    clock,
    cache,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function renderPage(request: IncomingMessage, response: ServerResponse, nonce: string): Promise<void> {
  response.statusCode = 200;
  response.setHeader("content-type", "text/html; charset=utf-8");
  response.setHeader("content-security-policy", `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  response.write(`<!DOCTYPE html><html><head><script nonce="${nonce}">boot()</script></head><body>`);
  await new Promise((resolve) => setTimeout(resolve, 20));
  response.end(`<p>${request.url}</p><script nonce="${nonce}">self.__next_f.push([1,"ok"])</script></body></html>`);
}

const nonceIn = (html: string) => [...html.matchAll(/nonce="([^"]+)"/g)].map((match) => match[1]);
const cspNonce = (response: Response) =>
  /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];

describe("the page cache", () => {
  it("renders a public page once and answers the next visitors with a fresh nonce each", async () => {
    const site = await startSite();
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${site.base}/competitions/sst2`);
      answers.push({ response, html: await response.text() });
    }
    expect(site.renders()).toBe(1);
    expect(answers.map(({ response }) => response.headers.get(PAGE_CACHE_HEADER))).toEqual(["render", "hit", "hit"]);
    const nonces = answers.map(({ response, html }) => {
      const inBody = nonceIn(html);
      expect(inBody).toHaveLength(2);
      expect(new Set(inBody).size).toBe(1);
      expect(cspNonce(response)).toBe(inBody[0]);
      return inBody[0];
    });
    expect(new Set(nonces).size).toBe(3);
    const withoutNonce = (html: string) => html.replaceAll(/nonce="[^"]+"/g, "");
    expect(withoutNonce(answers[2]!.html)).toBe(withoutNonce(answers[0]!.html));
  });

  it("sends gzip to a client that takes it, and the page's text to one that does not", async () => {
    const site = await startSite();
    await fetch(`${site.base}/`).then((response) => response.text());
    const raw = await rawGet(site.base, "/", { "accept-encoding": "gzip, br" });
    expect(raw.headers["content-encoding"]).toBe("gzip");
    expect(raw.headers.vary).toMatch(/accept-encoding/i);
    const html = gunzipSync(raw.body).toString("utf8");
    expect(html).toContain("<p>/</p>");
    expect(nonceIn(html)[0]).toBe(/'nonce-([^']+)'/.exec(raw.headers["content-security-policy"] as string)?.[1]);
    const refused = await rawGet(site.base, "/", { "accept-encoding": "gzip;q=0" });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(refused.body.toString("utf8")).toContain("<p>/</p>");
  });

  it("renders again when the content stamp moves, after a write handled here, and when the page is too old", async () => {
    const site = await startSite({ maxAgeMs: 5_000 });
    const get = () => fetch(`${site.base}/`).then((response) => response.text());
    await get();
    await get();
    expect(site.renders()).toBe(1);
    site.stamp.value = "2";
    await get();
    expect(site.renders()).toBe(2);
    await fetch(`${site.base}/competitions/sst2/register`, { method: "POST" }).then((response) => response.text());
    await get();
    expect(site.renders()).toBe(4);
    site.clock.now += 5_000;
    await get();
    expect(site.renders()).toBe(5);
    await get();
    expect(site.renders()).toBe(5);
  });

  it("renders once more when the board cache has read its versions again, after the stamp moved", async () => {
    const site = await startSite({ maxAgeMs: 60_000 });
    const get = () => fetch(`${site.base}/`).then((response) => response.text());
    site.clock.now += 10_000;
    await get();
    await get();
    expect(site.renders()).toBe(1);
    // Rendered just after the stamp moved: it may hold a board from before the change, until the board cache's
    // window (2 s) has passed; after that, it is kept for its full age.
    site.stamp.value = "2";
    await get();
    expect(site.renders()).toBe(2);
    site.clock.now += 1_000;
    await get();
    expect(site.renders()).toBe(2);
    site.clock.now += 2_000;
    await get();
    expect(site.renders()).toBe(3);
    site.clock.now += 30_000;
    await get();
    expect(site.renders()).toBe(3);
  });

  it("does not keep a page rendered while a write was under way", async () => {
    let releaseWrite = () => {};
    const site = await startSite({}, async (request, response, nonce) => {
      if (request.method === "POST") {
        await new Promise<void>((resolve) => {
          releaseWrite = resolve;
        });
        response.end("saved");
        return;
      }
      await renderPage(request, response, nonce);
    });
    const write = fetch(`${site.base}/account`, { method: "POST" }).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fetch(`${site.base}/`).then((response) => response.text());
    releaseWrite();
    await write;
    const after = await fetch(`${site.base}/`);
    await after.text();
    expect(after.headers.get(PAGE_CACHE_HEADER)).toBe("render");
  });

  it("always renders for a signed-in member, a client-side navigation, and pages outside the public ones", async () => {
    const site = await startSite();
    const twice = async (path: string, headers: Record<string, string> = {}) => {
      for (let i = 0; i < 2; i++) await fetch(`${site.base}${path}`, { headers }).then((response) => response.text());
    };
    await twice("/", { cookie: "theme=dark; joulebench.session-token=abc" });
    await twice("/", { cookie: "__Secure-joulebench.session-token.0=abc" });
    await twice("/", { rsc: "1" });
    await twice("/?_rsc=x1");
    await twice("/account");
    await twice("/models/some-model");
    await twice("/competitions/sst2/submit");
    expect(site.renders()).toBe(14);
    await twice("/", { cookie: "theme=dark" });
    expect(site.renders()).toBe(15);
  });

  it("keeps no failed answer, no answer that sets a cookie and no redirect", async () => {
    for (const renderer of [
      (_request: IncomingMessage, response: ServerResponse) => {
        response.statusCode = 404;
        response.setHeader("content-type", "text/html");
        response.end("<p>Not found</p>");
      },
      (_request: IncomingMessage, response: ServerResponse) => {
        response.setHeader("content-type", "text/html");
        response.setHeader("set-cookie", "callback=/");
        response.end("<p>hello</p>");
      },
      (_request: IncomingMessage, response: ServerResponse) => {
        response.writeHead(307, { location: "/signin" }).end();
      },
    ]) {
      const site = await startSite({}, renderer);
      for (let i = 0; i < 2; i++)
        await fetch(`${site.base}/`, { redirect: "manual" }).then((response) => response.text());
      expect(site.renders()).toBe(2);
    }
  });

  it("renders a missing page once for visitors who ask at the same time", async () => {
    const site = await startSite();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => fetch(`${site.base}/competitions`).then((response) => response.text())),
    );
    expect(site.renders()).toBe(1);
    expect(new Set(answers.map((html) => nonceIn(html)[0])).size).toBe(8);
  });

  it("renders when the stamp cannot be read, and keeps within its memory by forgetting the least recent pages", async () => {
    const failing = await startSite({
      readStamp: async () => {
        throw new Error("connection refused");
      },
    });
    for (let i = 0; i < 2; i++) await fetch(`${failing.base}/`).then((response) => response.text());
    expect(failing.renders()).toBe(2);

    // Room for two and a half pages: keeping a third forgets the one served least recently.
    const measure = await startSite();
    await fetch(`${measure.base}/competitions/a`).then((response) => response.text());
    const pageBytes = measure.cache.holding.bytes;
    const small = await startSite({ maxBytes: pageBytes * 2.5 });
    // The body read to its end: a rendered page is kept once it has been sent.
    const get = (path: string) =>
      fetch(`${small.base}${path}`).then(async (response) => {
        await response.text();
        return response.headers.get(PAGE_CACHE_HEADER);
      });
    expect(await get("/competitions/a")).toBe("render");
    expect(await get("/competitions/b")).toBe("render");
    expect(await get("/competitions/a")).toBe("hit");
    expect(await get("/competitions/c")).toBe("render");
    expect(await get("/competitions/a")).toBe("hit");
    expect(await get("/competitions/b")).toBe("render");
    expect(small.cache.holding).toEqual({ pages: 2, bytes: pageBytes * 2 });
  });
});

/** fetch() decodes gzip on its own; this reads the bytes as sent. */
function rawGet(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    import("node:http").then(({ get }) => {
      get(`${base}${path}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      }).on("error", reject);
    }, reject);
  });
}
