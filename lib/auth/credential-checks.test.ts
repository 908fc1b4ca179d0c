/**
 * The throttles in front of password sign-in and sign-up, against a real PostgreSQL. "Two web processes" are two
 * separate connection pools on one database, as two `next start` processes would be.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseClient } from "../../db/client";
import { useTestDatabase } from "../../test-support/db/test-database";
import { registerUser } from "../data/users";
import { signInPerAccount, signInPerAddress, signUpPerAddress } from "../rate-limit/account-throttles";
import { appErrorFrom } from "../../test-support/app-error";
import { checkPasswordSignIn, checkPasswordSignUp } from "./credential-checks";

const testDb = useTestDatabase();
const STRONG = "copper kettle drifts sideways";
let counter = 0;
const freshEmail = () => `throttle${++counter}-${Date.now()}@example.com`;
const freshAddress = () => `198.51.100.${++counter % 250}`;

let secondProcess: ReturnType<typeof createDatabaseClient>;
beforeAll(() => {
  secondProcess = createDatabaseClient(testDb.url, { max: 2 });
});
afterAll(async () => {
  await secondProcess.close();
});

describe("password sign-in throttle", () => {
  it("refuses the right password after too many wrong ones for the account, and says when to retry", async () => {
    const email = freshEmail();
    await registerUser(testDb.db, { name: "Target", email, password: STRONG });
    // Each guess from a different address: the per-account limit holds whatever address the guesses come from.
    for (let guess = 0; guess < signInPerAccount.limit; guess += 1) {
      const error = await appErrorFrom(
        checkPasswordSignIn(testDb.db, { email, password: `wrong guess ${guess}`, clientAddress: freshAddress() }),
      );
      expect(error.code).toBe("INVALID_CREDENTIALS");
    }
    const refused = await appErrorFrom(
      checkPasswordSignIn(testDb.db, { email, password: STRONG, clientAddress: freshAddress() }),
    );
    expect(refused.code).toBe("RATE_LIMITED");
    expect(refused.message).toMatch(/^Too many attempts\. Try again at \d\d:\d\d UTC \(in 1[45] minutes\)\.$/);
  });

  it("counts attempts from every web process together", async () => {
    const email = freshEmail();
    await registerUser(testDb.db, { name: "Shared", email, password: STRONG });
    const clientAddress = freshAddress();
    const processes = [testDb.db, secondProcess.db];
    // Parallel guesses, split between the two processes: none may slip past the limit.
    const guesses = Array.from({ length: signInPerAccount.limit + 5 }, (_, guess) =>
      appErrorFrom(checkPasswordSignIn(processes[guess % 2]!, { email, password: `guess ${guess}`, clientAddress })),
    );
    const codes = (await Promise.all(guesses)).map((error) => error.code);
    expect(codes.filter((code) => code === "INVALID_CREDENTIALS")).toHaveLength(signInPerAccount.limit);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(5);
  });

  it("lets the account in again once the window has passed, and a success clears its count", async () => {
    const email = freshEmail();
    await registerUser(testDb.db, { name: "Patient", email, password: STRONG });
    for (let guess = 0; guess <= signInPerAccount.limit; guess += 1) {
      await appErrorFrom(
        checkPasswordSignIn(testDb.db, { email, password: "nope nope", clientAddress: freshAddress() }),
      );
    }
    // The window is judged by the database clock; move the window back instead of waiting 15 minutes.
    await testDb.db.execute(
      sql`update rate_limit_counters set window_started_at = now() - interval '16 minutes'
          where bucket like 'signin-account:%'`,
    );
    const user = await checkPasswordSignIn(testDb.db, { email, password: STRONG, clientAddress: freshAddress() });
    expect(user.email).toBe(email);
    // After a success the account starts from zero: a full set of mistakes is allowed again.
    for (let guess = 0; guess < signInPerAccount.limit; guess += 1) {
      const error = await appErrorFrom(
        checkPasswordSignIn(testDb.db, { email, password: "nope nope", clientAddress: freshAddress() }),
      );
      expect(error.code).toBe("INVALID_CREDENTIALS");
    }
  });

  it("limits one address spraying guesses across many accounts", async () => {
    const clientAddress = freshAddress();
    const codes: string[] = [];
    for (let guess = 0; guess <= signInPerAddress.limit; guess += 1) {
      const error = await appErrorFrom(
        checkPasswordSignIn(testDb.db, { email: freshEmail(), password: "Password123!", clientAddress }),
      );
      codes.push(error.code);
    }
    expect(codes.slice(0, signInPerAddress.limit).every((code) => code === "INVALID_CREDENTIALS")).toBe(true);
    expect(codes.at(-1)).toBe("RATE_LIMITED");
  });
});

describe("password sign-up throttle and order of checks", () => {
  it("checks the password before telling whether the address has an account", async () => {
    const email = freshEmail();
    await registerUser(testDb.db, { name: "Holder", email, password: STRONG });
    const error = await appErrorFrom(
      checkPasswordSignUp(testDb.db, { name: "Prober", email, password: "x", clientAddress: freshAddress() }),
    );
    expect(error.code).toBe("WEAK_PASSWORD");
  });

  it("limits sign-ups from one address, taken addresses included", async () => {
    const clientAddress = freshAddress();
    const taken = freshEmail();
    await registerUser(testDb.db, { name: "Holder", email: taken, password: STRONG });
    for (let attempt = 0; attempt < signUpPerAddress.limit; attempt += 1) {
      await appErrorFrom(
        checkPasswordSignUp(testDb.db, { name: "Probe", email: taken, password: STRONG, clientAddress }),
      );
    }
    const refused = await appErrorFrom(
      checkPasswordSignUp(testDb.db, { name: "Probe", email: freshEmail(), password: STRONG, clientAddress }),
    );
    expect(refused.code).toBe("RATE_LIMITED");
    // Another address is not affected.
    const user = await checkPasswordSignUp(testDb.db, {
      name: "Neighbour",
      email: freshEmail(),
      password: STRONG,
      clientAddress: freshAddress(),
    });
    expect(user.name).toBe("Neighbour");
  });
});
