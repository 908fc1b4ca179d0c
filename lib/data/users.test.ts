import { appErrorFrom } from "../../test-support/app-error";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accounts, sessions, users } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { SESSION_MAX_AGE_SECONDS } from "../auth/session-max-age";
import { AppError } from "../errors";
import {
  createDatabaseSession,
  getUserProfile,
  setEvaluationEmails,
  registerUser,
  updateUserName,
  verifyPasswordSignIn,
} from "./users";

const testDb = useTestDatabase();
const STRONG = "copper kettle drifts sideways";

let counter = 0;
// Each test gets its own address, so the tests can share one database in any order.
const freshEmail = () => `user${++counter}-${Date.now()}@example.com`;

const failure = appErrorFrom;

describe("registerUser", () => {
  it("stores a normalized email and an argon2id hash, never the password", async () => {
    const user = await registerUser(testDb.db, {
      name: "  Ada Lovelace ",
      email: "  Ada@Example.COM ",
      password: STRONG,
    });
    expect(user).toMatchObject({ name: "Ada Lovelace", email: "ada@example.com" });
    const [row] = await testDb.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.email).toBe("ada@example.com");
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row?.passwordHash).not.toContain(STRONG);
  });

  it("refuses an email that is taken, whatever its case and surrounding spaces", async () => {
    const email = freshEmail();
    await registerUser(testDb.db, { name: "First", email, password: STRONG });
    const error = await failure(
      registerUser(testDb.db, { name: "Second", email: `  ${email.toUpperCase()}\t`, password: STRONG }),
    );
    expect(error.code).toBe("EMAIL_TAKEN");
    expect(error.message).toBe("An account with this email already exists. Sign in instead, or use another email.");
  });

  it("finds a taken email even when another sign-in method stored it in mixed case", async () => {
    await testDb.db.insert(users).values({ name: "Via GitHub", email: "Grace.Hopper@Example.com" });
    const error = await failure(
      registerUser(testDb.db, { name: "Grace", email: "grace.hopper@example.com", password: STRONG }),
    );
    expect(error.code).toBe("EMAIL_TAKEN");
  });

  it("turns the race of two simultaneous sign-ups into EMAIL_TAKEN for the loser", async () => {
    const email = freshEmail();
    // Both pass the existence check while the other is still hashing; only the unique index can decide.
    const outcomes = await Promise.allSettled([
      registerUser(testDb.db, { name: "One", email, password: STRONG }),
      registerUser(testDb.db, { name: "Two", email, password: STRONG }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(AppError);
    expect((rejected?.reason as AppError).code).toBe("EMAIL_TAKEN");
    expect(await testDb.db.select().from(users).where(eq(users.email, email))).toHaveLength(1);
  });

  it("asks for a password when it is empty, and creates nothing", async () => {
    const email = freshEmail();
    const error = await failure(registerUser(testDb.db, { name: "Empty", email, password: "" }));
    expect(error.code).toBe("WEAK_PASSWORD");
    expect(error.message).toMatch(/Enter a password/);
    expect(await testDb.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it("refuses a weak password with advice", async () => {
    const error = await failure(
      registerUser(testDb.db, { name: "Weak", email: freshEmail(), password: "password1234" }),
    );
    expect(error.code).toBe("WEAK_PASSWORD");
    expect(error.message).toMatch(/too easy to guess\. .+/);
  });

  it("refuses a password built from the user's own email", async () => {
    const error = await failure(
      registerUser(testDb.db, { name: "Mary", email: "marysomerville@example.com", password: "marysomerville1" }),
    );
    expect(error.code).toBe("WEAK_PASSWORD");
  });

  it.each(["not-an-email", "ada@", "@example.com", "ada example@example.com", ""])(
    "names the email field when the address %j is malformed",
    async (email) => {
      const error = await failure(registerUser(testDb.db, { name: "Ada", email, password: STRONG }));
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(error.message).toBe("Enter a valid email address, like ada@example.com.");
    },
  );

  it("asks for a name", async () => {
    const error = await failure(registerUser(testDb.db, { name: "   ", email: freshEmail(), password: STRONG }));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toMatch(/Enter your name/);
  });
});

describe("verifyPasswordSignIn", () => {
  it("returns the user for the right password, whatever the email's case", async () => {
    const email = freshEmail();
    const registered = await registerUser(testDb.db, { name: "Signer", email, password: STRONG });
    const signedIn = await verifyPasswordSignIn(testDb.db, ` ${email.toUpperCase()} `, STRONG);
    expect(signedIn).toEqual(registered);
  });

  it("gives the same INVALID_CREDENTIALS for a wrong password and for an unknown email", async () => {
    const email = freshEmail();
    await registerUser(testDb.db, { name: "Signer", email, password: STRONG });
    const wrongPassword = await failure(verifyPasswordSignIn(testDb.db, email, "copper kettle drifts sideway"));
    const unknownEmail = await failure(verifyPasswordSignIn(testDb.db, freshEmail(), STRONG));
    expect(wrongPassword.code).toBe("INVALID_CREDENTIALS");
    expect(unknownEmail.code).toBe("INVALID_CREDENTIALS");
    expect(unknownEmail.message).toBe(wrongPassword.message);
    expect(wrongPassword.message).toMatch(/wrong email or password/i);
  });

  it("spends a hash verification on an unknown email too", async () => {
    const email = freshEmail();
    await registerUser(testDb.db, { name: "Timer", email, password: STRONG });
    await failure(verifyPasswordSignIn(testDb.db, freshEmail(), STRONG)); // warms the decoy hash
    // CPU time this process spends (argon2 runs on its thread pool, which counts), the least of a few tries: other
    // processes on a busy machine stretch wall time arbitrarily, but not the work done here.
    const fastest = async (work: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const before = process.cpuUsage();
        await work().catch(() => {});
        const used = process.cpuUsage(before);
        times.push(used.user + used.system);
      }
      return Math.min(...times);
    };
    const unknown = await fastest(() => verifyPasswordSignIn(testDb.db, freshEmail(), STRONG));
    const wrong = await fastest(() => verifyPasswordSignIn(testDb.db, email, "not the password"));
    // A 19 MiB argon2id verification takes milliseconds; a bare lookup would be far quicker than the wrong password.
    expect(unknown).toBeGreaterThan(wrong * 0.5);
  });

  it("refuses users who have no password (GitHub or magic-link only)", async () => {
    const email = freshEmail();
    await testDb.db.insert(users).values({ name: "No password", email });
    expect((await failure(verifyPasswordSignIn(testDb.db, email, ""))).code).toBe("INVALID_CREDENTIALS");
    expect((await failure(verifyPasswordSignIn(testDb.db, email, STRONG))).code).toBe("INVALID_CREDENTIALS");
  });

  it("answers a malformed email like an unknown one", async () => {
    expect((await failure(verifyPasswordSignIn(testDb.db, "nonsense", STRONG))).code).toBe("INVALID_CREDENTIALS");
  });
});

describe("createDatabaseSession", () => {
  it("inserts a session with a random token that expires after SESSION_MAX_AGE_SECONDS", async () => {
    const user = await registerUser(testDb.db, { name: "Sess", email: freshEmail(), password: STRONG });
    const before = Date.now();
    const first = await createDatabaseSession(testDb.db, user.id);
    const second = await createDatabaseSession(testDb.db, user.id);
    expect(first.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.sessionToken).not.toBe(first.sessionToken);
    const [row] = await testDb.db.select().from(sessions).where(eq(sessions.sessionToken, first.sessionToken));
    expect(row?.userId).toBe(user.id);
    expect(row?.expires.getTime()).toBe(first.expires.getTime());
    const expected = before + SESSION_MAX_AGE_SECONDS * 1000;
    expect(first.expires.getTime()).toBeGreaterThanOrEqual(expected);
    expect(first.expires.getTime()).toBeLessThan(expected + 5_000);
  });
});

describe("getUserProfile and updateUserName", () => {
  it("lists the password and linked providers", async () => {
    const user = await registerUser(testDb.db, { name: "Linked", email: freshEmail(), password: STRONG });
    await testDb.db
      .insert(accounts)
      .values({ userId: user.id, type: "oauth", provider: "github", providerAccountId: `gh-${user.id}` });
    const profile = await getUserProfile(testDb.db, user.id);
    expect(profile).toMatchObject({ id: user.id, email: user.email, name: "Linked", hasPassword: true });
    expect(profile.linkedProviders).toEqual(["github"]);

    const [passwordless] = await testDb.db.insert(users).values({ email: freshEmail() }).returning();
    const other = await getUserProfile(testDb.db, passwordless!.id);
    expect(other).toMatchObject({ hasPassword: false, linkedProviders: [], name: null });
  });

  it("renames, trimmed, and refuses an empty name", async () => {
    const user = await registerUser(testDb.db, { name: "Old", email: freshEmail(), password: STRONG });
    expect((await updateUserName(testDb.db, user.id, "  New Name  ")).name).toBe("New Name");
    expect((await getUserProfile(testDb.db, user.id)).name).toBe("New Name");
    const error = await failure(updateUserName(testDb.db, user.id, "  "));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect((await getUserProfile(testDb.db, user.id)).name).toBe("New Name");
  });

  it("turns evaluation emails off and on again, on by default", async () => {
    const user = await registerUser(testDb.db, { name: "Mailed", email: freshEmail(), password: STRONG });
    expect((await getUserProfile(testDb.db, user.id)).evaluationEmails).toBe(true);
    await setEvaluationEmails(testDb.db, user.id, false);
    expect((await getUserProfile(testDb.db, user.id)).evaluationEmails).toBe(false);
    await setEvaluationEmails(testDb.db, user.id, true);
    expect((await getUserProfile(testDb.db, user.id)).evaluationEmails).toBe(true);
    expect((await failure(setEvaluationEmails(testDb.db, "missing", false))).code).toBe("NOT_FOUND");
  });

  it("says NOT_FOUND for a user that does not exist", async () => {
    expect((await failure(getUserProfile(testDb.db, "missing"))).code).toBe("NOT_FOUND");
    expect((await failure(updateUserName(testDb.db, "missing", "Name"))).code).toBe("NOT_FOUND");
  });
});
