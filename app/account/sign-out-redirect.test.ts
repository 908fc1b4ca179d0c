/**
 * Sign-out must never send the browser to a host the client named: with AUTH_URL unset, Auth.js builds its URLs
 * from X-Forwarded-Host, which any client can write when no proxy overwrites it. Real Auth.js and a real
 * database session; Next.js's request scope does not exist under vitest, so headers() and cookies() are
 * stand-ins holding the forged request.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sessions } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";

const testDb = useTestDatabase();
const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));

vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    getAll: () => [...request.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => request.cookies.has(name),
    set: (name: string, value: string) => request.cookies.set(name, value),
    delete: (name: string) => request.cookies.delete(name),
  }),
}));
vi.mock(import("../../db/client"), async (importOriginal) => ({
  ...(await importOriginal()),
  getDatabase: () => testDb.db,
}));

beforeEach(() => {
  vi.stubEnv("AUTH_URL", "");
  vi.stubEnv("AUTH_SECRET", "test-only-secret-0123456789abcdef0123456789");
});
afterEach(() => vi.unstubAllEnvs());

/** The URL a server action's redirect() points at: Next.js throws it as NEXT_REDIRECT;<type>;<url>;<status>;. */
async function redirectTarget(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2] ?? "";
    throw error;
  }
  throw new Error("the action did not redirect");
}

describe("signOutAction", () => {
  it("ends the session and redirects to a path on this site, whatever X-Forwarded-Host says", async () => {
    const { registerUser, createDatabaseSession } = await import("../../lib/data/users");
    const user = await registerUser(testDb.db, {
      name: "Leaving Soon",
      email: `out-${Date.now()}@example.com`,
      password: "copper kettle drifts sideways",
    });
    const { sessionToken } = await createDatabaseSession(testDb.db, user.id);
    request.headers = new Headers({
      host: "localhost:3000",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "http",
      cookie: `joulebench.session-token=${sessionToken}`,
    });
    request.cookies = new Map([["joulebench.session-token", sessionToken]]);
    const { signOutAction } = await import("./actions");

    const target = await redirectTarget(signOutAction);
    expect(target).not.toContain("evil.example");
    expect(new URL(target, "http://localhost:3000").origin).toBe("http://localhost:3000");
    expect(await testDb.db.select().from(sessions).where(eq(sessions.sessionToken, sessionToken))).toEqual([]);
  });
});
