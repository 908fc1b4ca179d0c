/**
 * Odd input from the security review reaching the data layer: each used to end in "something went wrong" (a
 * PostgreSQL error) or in a name that displays as something else. Now each gets a message the user can act on.
 */
import { describe, expect, it } from "vitest";
import { users } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { createTeam, getTeamForMember, renameTeam } from "./teams";
import { registerUser, updateUserName } from "./users";

const testDb = useTestDatabase();
const STRONG = "copper kettle drifts sideways";
let counter = 0;
const freshEmail = () => `odd${++counter}-${Date.now()}@example.com`;

async function someone(): Promise<string> {
  const [user] = await testDb.db.insert(users).values({ name: "Someone", email: freshEmail() }).returning();
  return user!.id;
}

describe("names", () => {
  it("refuses a NUL byte in a display name with a message, not an internal error", async () => {
    const error = await appErrorFrom(
      registerUser(testDb.db, { name: "Ada\u0000", email: freshEmail(), password: STRONG }),
    );
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toMatch(/control, invisible or text-direction/);
  });

  it("refuses a team name with a right-to-left override, and one made of zero-width characters", async () => {
    const owner = await someone();
    const override = await appErrorFrom(createTeam(testDb.db, owner, { name: "Team \u202Eexe.gnp" }));
    expect(override.code).toBe("VALIDATION_FAILED");
    const invisible = await appErrorFrom(createTeam(testDb.db, owner, { name: "\u200B\u200C\u200B" }));
    expect(invisible.code).toBe("VALIDATION_FAILED");
  });

  it("refuses invisible renames of users and teams too", async () => {
    const owner = await someone();
    const team = await createTeam(testDb.db, owner, { name: "Visible Team" });
    expect((await appErrorFrom(renameTeam(testDb.db, owner, team.id, { name: "\u3164\u3164\u3164" }))).code).toBe(
      "VALIDATION_FAILED",
    );
    expect((await appErrorFrom(updateUserName(testDb.db, owner, "Eve\u2066"))).code).toBe("VALIDATION_FAILED");
  });

  it("stores names in NFKC form", async () => {
    const owner = await someone();
    const team = await createTeam(testDb.db, owner, { name: "Ｌｏｗ　Ｗａｔｔ" });
    expect(team.name).toBe("Low Watt");
    expect(team.slug).toBe("low-watt");
  });
});

describe("team addresses", () => {
  it.each(["é", "a\u0000b", "A-Team", "x".repeat(200)])("answers %j with NOT_FOUND", async (slug) => {
    const owner = await someone();
    const error = await appErrorFrom(getTeamForMember(testDb.db, owner, slug));
    expect(error.code).toBe("NOT_FOUND");
  });
});
