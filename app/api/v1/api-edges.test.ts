/**
 * API v1 at its edges, through the real route handlers on a real database: methods a path does not take, paths
 * no route serves, a NUL in a path parameter, and the rate limits (per address, per token, and tokens that fail
 * to authenticate, per address), each answered in JSON with a stable code and the API's headers.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../../../test-support/db/test-database";
import { createApiToken } from "../../../lib/data/api-tokens";
import { seedCompetition, type CompetitionFixture } from "../../../test-support/competition-fixture";
import { API_CONTENT_SECURITY_POLICY } from "../../../lib/security/response-headers";

const testDb = useTestDatabase();
let item: CompetitionFixture;
let token: string;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

beforeAll(async () => {
  item = await seedCompetition(testDb.db);
  process.env.DATABASE_URL = testDb.url;
  process.env.JOULEBENCH_DATA_DIR = path.join(item.tempDir, "data");
  token = (await createApiToken(testDb.db, item.ownerId, { teamId: item.teamId, name: "cli" })).token;
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});
afterAll(async () => {
  await item.cleanup();
});

// One proxy hop, so each test can speak from an address of its own (X-Forwarded-For, as the proxy writes it).
const from = (address: string, headers: Record<string, string> = {}) => ({ "x-forwarded-for": address, ...headers });
const get = (url: string, headers: Record<string, string>, method = "GET") =>
  new Request(`http://localhost${url}`, { method, headers });
const params = (values: Record<string, string>) => ({ params: Promise.resolve(values) });

async function expectJsonError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("content-security-policy")).toBe(API_CONTENT_SECURITY_POLICY);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  return body.error;
}

async function apiRouteFiles(): Promise<string[]> {
  const root = path.resolve("app/api/v1");
  const entries = await readdir(root, { recursive: true });
  return entries.filter((entry) => entry.endsWith("route.ts")).map((entry) => path.join(root, entry));
}

describe("API v1 methods and paths", () => {
  it("answers every method a route does not take with 405 METHOD_NOT_ALLOWED in JSON, naming the ones it does", async () => {
    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    const files = (await apiRouteFiles()).filter((file) => !file.includes("[[...unknown]]"));
    expect(files.length).toBeGreaterThanOrEqual(11);
    for (const file of files) {
      const route = (await import(file)) as Record<string, Handler | undefined>;
      const served = METHODS.filter((method) => route[method]?.name !== "refuse");
      expect(served.length, file).toBeGreaterThan(0);
      for (const method of METHODS.filter((candidate) => !served.includes(candidate))) {
        const handler = route[method];
        expect(handler, `${method} exported by ${file}`).toBeTypeOf("function");
        const response = await handler!(get("/api/v1/x", from("10.0.1.1"), method), params({}));
        await expectJsonError(response, 405, "METHOD_NOT_ALLOWED");
        expect(response.headers.get("allow"), file).toContain(served[0]);
      }
      const options = await route.OPTIONS!(get("/api/v1/x", from("10.0.1.1"), "OPTIONS"), params({}));
      expect(options.status).toBe(204);
      expect(options.headers.get("allow")).toContain(served[0]);
      expect(options.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("answers a path no route serves with 404 NOT_FOUND in JSON, whatever the method", async () => {
    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    const unknown = await import("./[[...unknown]]/route");
    for (const method of METHODS) {
      const handler = unknown[method] as Handler;
      const error = await expectJsonError(
        await handler(get("/api/v1/nothing/here", from("10.0.2.1"), method), params({})),
        404,
        "NOT_FOUND",
      );
      expect(error.message).toContain("/api/v1/openapi.json");
    }
  });

  it("answers a NUL or another control character in a path parameter with 404, not 500", async () => {
    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    const one = await import("./submissions/[id]/route");
    const events = await import("./submissions/[id]/events/route");
    const board = await import("./competitions/[slug]/tracks/[trackId]/leaderboard/route");
    const auth = from("10.0.3.1", { authorization: `Bearer ${token}` });
    await expectJsonError(
      await one.GET(get("/api/v1/submissions/%00", auth), { params: Promise.resolve({ id: "\u0000" }) }),
      404,
      "NOT_FOUND",
    );
    await expectJsonError(
      await events.GET(get("/api/v1/submissions/a%00b/events", auth), { params: Promise.resolve({ id: "a\u0000b" }) }),
      404,
      "NOT_FOUND",
    );
    const boardResponse = await board.GET(get("/api/v1/competitions/x/tracks/%00/leaderboard", from("10.0.3.1")), {
      params: Promise.resolve({ slug: item.competitionSlug, trackId: "\u0000" }),
    });
    await expectJsonError(boardResponse, 404, "NOT_FOUND");
  });
});

describe("API v1 rate limits", () => {
  // The clock stands still, so no bucket refills while a slow machine runs the requests.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  });

  it("lets a token burst 240 requests at the default limit, then answers 429 RATE_LIMITED with Retry-After", async () => {
    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    const openapi = await import("./openapi.json/route");
    const headers = from("10.0.4.1", { authorization: "Bearer default-limit-token" });
    for (let index = 0; index < 240; index += 1)
      expect((await openapi.GET(get("/api/v1/openapi.json", headers))).status).toBe(200);
    const refused = await openapi.GET(get("/api/v1/openapi.json", headers));
    const error = await expectJsonError(refused, 429, "RATE_LIMITED");
    expect(error.message).toContain("with this token");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // The same token's limit holds from another address; another token from the first address is still served.
    expect(
      (
        await openapi.GET(
          get("/api/v1/openapi.json", from("10.0.4.2", { authorization: "Bearer default-limit-token" })),
        )
      ).status,
    ).toBe(429);
    expect(
      (await openapi.GET(get("/api/v1/openapi.json", from("10.0.4.1", { authorization: "Bearer another-token" }))))
        .status,
    ).toBe(200);
  });

  it("limits wrong and random tokens per address before they reach the database, at the default limit", async () => {
    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    const list = await import("./submissions/route");
    const codes: string[] = [];
    for (let index = 0; index < 30; index += 1) {
      const response = await list.GET(
        get("/api/v1/submissions", from("10.0.5.1", { authorization: `Bearer jb_random${index}` })),
      );
      codes.push(((await response.json()) as { error: { code: string } }).error.code);
    }
    // Ten a minute, bursts of twenty: the first twenty are told the token is wrong, the rest to slow down.
    expect(codes.slice(0, 20).every((code) => code === "UNAUTHENTICATED")).toBe(true);
    expect(codes.slice(20).every((code) => code === "RATE_LIMITED")).toBe(true);
    // Only that address: a right token elsewhere is served, and a wrong one elsewhere is told it is wrong.
    const served = await list.GET(get("/api/v1/submissions", from("10.0.5.2", { authorization: `Bearer ${token}` })));
    expect(served.status, await served.clone().text()).toBe(200);
    expect(
      (await list.GET(get("/api/v1/submissions", from("10.0.5.2", { authorization: "Bearer jb_wrong" })))).status,
    ).toBe(401);
  });

  it("limits every request per address, tokens or not, when configured lower", async () => {
    vi.stubEnv("TRUSTED_PROXY_HOPS", "1");
    vi.stubEnv("API_RATE_LIMIT_PER_ADDRESS", "3");
    const openapi = await import("./openapi.json/route");
    const statuses: number[] = [];
    for (let index = 0; index < 8; index += 1) {
      const headers = from("10.0.6.1", index % 2 === 0 ? {} : { authorization: `Bearer token-${index}` });
      statuses.push((await openapi.GET(get("/api/v1/openapi.json", headers))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    expect((await openapi.GET(get("/api/v1/openapi.json", from("10.0.6.2")))).status).toBe(200);
  });
});
