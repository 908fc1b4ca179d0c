/**
 * Test support: API v1's real route handlers behind a plain Node HTTP server, so the CLI can be tested against
 * them without building the whole site (e2e/submit.spec.ts does that). Only the routes the CLI calls are mapped.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

export async function serveApi(): Promise<{ url: string; close(): Promise<void> }> {
  const routes: [string, RegExp, () => Promise<Handler>][] = [
    [
      "POST",
      /^\/api\/v1\/competitions\/(?<slug>[^/]+)\/submissions$/,
      async () => (await import("../../app/api/v1/competitions/[slug]/submissions/route")).POST as Handler,
    ],
    [
      "POST",
      /^\/api\/v1\/competitions\/(?<slug>[^/]+)\/registrations$/,
      async () => (await import("../../app/api/v1/competitions/[slug]/registrations/route")).POST as Handler,
    ],
    ["GET", /^\/api\/v1\/me$/, async () => (await import("../../app/api/v1/me/route")).GET as Handler],
    [
      "GET",
      /^\/api\/v1\/competitions$/,
      async () => (await import("../../app/api/v1/competitions/route")).GET as Handler,
    ],
    [
      "GET",
      /^\/api\/v1\/competitions\/(?<slug>[^/]+)\/tracks$/,
      async () => (await import("../../app/api/v1/competitions/[slug]/tracks/route")).GET as Handler,
    ],
    [
      "GET",
      /^\/api\/v1\/competitions\/(?<slug>[^/]+)\/tracks\/(?<trackId>[^/]+)\/task$/,
      async () => (await import("../../app/api/v1/competitions/[slug]/tracks/[trackId]/task/route")).GET as Handler,
    ],
    [
      "GET",
      /^\/api\/v1\/submissions$/,
      async () => (await import("../../app/api/v1/submissions/route")).GET as Handler,
    ],
    [
      "GET",
      /^\/api\/v1\/submissions\/(?<id>[^/]+)$/,
      async () => (await import("../../app/api/v1/submissions/[id]/route")).GET as Handler,
    ],
  ];
  const server: Server = createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url ?? "/", "http://localhost");
    const route = routes.find(([method, pattern]) => method === incoming.method && pattern.test(url.pathname));
    if (!route) {
      outgoing.writeHead(404).end();
      return;
    }
    const params = route[1].exec(url.pathname)?.groups ?? {};
    const response = await (await route[2]())(toRequest(incoming, url), { params: Promise.resolve(params) });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function toRequest(incoming: IncomingMessage, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  return new Request(url, {
    method: incoming.method,
    headers,
    body: hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}
