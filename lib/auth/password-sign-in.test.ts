/**
 * Checks that a password sign-in produces a session Auth.js itself recognises: the row is read back through the
 * real drizzle adapter (what `auth()` calls), and the cookie carries Auth.js's cookie name and options.
 * Next.js's request scope and next-auth's runtime do not exist under vitest, so those two are stand-ins.
 */
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { accounts, sessions, users, verificationTokens } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { AppError } from "../errors";

const testDb = useTestDatabase();

interface SetCookie {
  name: string;
  value: string;
  options: Record<string, unknown>;
}
const cookieJar = vi.hoisted(() => ({ set: [] as SetCookie[] }));
const requestHeaders = vi.hoisted(() => ({ value: new Headers() }));

vi.mock("next/headers", () => ({
  headers: async () => requestHeaders.value,
  cookies: async () => ({
    set: (name: string, value: string, options: Record<string, unknown>) =>
      cookieJar.set.push({ name, value, options }),
  }),
}));
// config.ts builds Auth.js through next-auth, which needs a running Next.js; sessionCookie() is all we use of it.
vi.mock("next-auth", () => ({ default: () => ({ handlers: {}, auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }) }));
vi.mock("next-auth/providers/github", () => ({ default: vi.fn() }));
vi.mock("next-auth/providers/nodemailer", () => ({ default: vi.fn() }));
vi.mock(import("../../db/client"), async (importOriginal) => ({
  ...(await importOriginal()),
  getDatabase: () => testDb.db,
}));

const { signInWithPassword, signUpWithPassword } = await import("./password-sign-in");
const { SESSION_MAX_AGE_SECONDS, sessionCookie } = await import("./config");

const STRONG = "copper kettle drifts sideways";
let counter = 0;
const freshEmail = () => `signin${++counter}-${Date.now()}@example.com`;

function adapter() {
  return DrizzleAdapter(testDb.db, {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
}

beforeEach(() => {
  cookieJar.set = [];
  requestHeaders.value = new Headers({ "x-forwarded-for": "203.0.113.7" });
  vi.stubEnv("AUTH_URL", "http://localhost:3000");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("password sign-in sessions", () => {
  it("signs a new account in with a session Auth.js can read, under Auth.js's cookie", async () => {
    const email = freshEmail();
    const user = await signUpWithPassword({ name: "Cookie Monster", email, password: STRONG });

    expect(cookieJar.set).toHaveLength(1);
    const [cookie] = cookieJar.set;
    expect(cookie?.name).toBe("joulebench.session-token");
    expect(cookie?.name).toBe(sessionCookie().name);
    expect(cookie?.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
    expect(cookie?.options.maxAge).toBe(SESSION_MAX_AGE_SECONDS);

    const found = await adapter().getSessionAndUser!(cookie!.value);
    expect(found?.user).toMatchObject({ id: user.id, email });
    expect(found?.session.expires.getTime()).toBe((cookie?.options.expires as Date).getTime());
  });

  it("uses the __Secure- cookie when the site is served over https", async () => {
    vi.stubEnv("AUTH_URL", "https://joulebench.example");
    const email = freshEmail();
    await signUpWithPassword({ name: "Secure", email, password: STRONG });
    expect(cookieJar.set[0]?.name).toBe("__Secure-joulebench.session-token");
    expect(cookieJar.set[0]?.options).toMatchObject({ secure: true });
  });

  it("uses the __Secure- cookie behind an https proxy when AUTH_URL is not set", async () => {
    vi.stubEnv("AUTH_URL", "");
    requestHeaders.value = new Headers({ "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" });
    await signUpWithPassword({ name: "Proxied", email: freshEmail(), password: STRONG });
    expect(cookieJar.set[0]?.name).toBe("__Secure-joulebench.session-token");
    expect(cookieJar.set[0]?.options).toMatchObject({ secure: true });
  });

  it("signs an existing account in with a new session each time", async () => {
    const email = freshEmail();
    const user = await signUpWithPassword({ name: "Twice", email, password: STRONG });
    const signedIn = await signInWithPassword(email.toUpperCase(), STRONG);
    expect(signedIn.id).toBe(user.id);
    expect(cookieJar.set).toHaveLength(2);
    expect(cookieJar.set[1]?.value).not.toBe(cookieJar.set[0]?.value);
    expect((await adapter().getSessionAndUser!(cookieJar.set[1]!.value))?.user.id).toBe(user.id);
  });

  it("sets no cookie when the password is wrong", async () => {
    const email = freshEmail();
    await signUpWithPassword({ name: "Wrong", email, password: STRONG });
    cookieJar.set = [];
    await expect(signInWithPassword(email, "not the password")).rejects.toBeInstanceOf(AppError);
    expect(cookieJar.set).toHaveLength(0);
  });

  it("sets no cookie when sign-up fails", async () => {
    await expect(signUpWithPassword({ name: "Weak", email: freshEmail(), password: "password" })).rejects.toMatchObject(
      {
        code: "WEAK_PASSWORD",
      },
    );
    expect(cookieJar.set).toHaveLength(0);
  });
});
