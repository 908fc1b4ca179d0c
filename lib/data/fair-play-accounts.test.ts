/**
 * Issue 16's account rules at the data layer, on a real PostgreSQL: a password change or reset revokes the user's
 * API tokens; a removal expires the team's open links and the invites addressed to the removed address; the
 * current-password check on change-password and delete-account counts against the sign-in throttle.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { signInPerAccount } from "../rate-limit/account-throttles";
import { appErrorFrom } from "../../test-support/app-error";
import { deleteAccount } from "./account-deletion";
import { authenticateApiToken, createApiToken } from "./api-tokens";
import { verifyEmailByOperator } from "./email-verification";
import { changePassword, resetPasswordWithToken, startPasswordReset } from "./passwords";
import { acceptInvite, createInvite, describeInvite } from "./team-invites";
import { createTeam, removeMember } from "./teams";
import { registerUser, verifyPasswordSignIn } from "./users";

const testDb = useTestDatabase();
const STRONG = "copper kettle drifts sideways";
const OTHER_STRONG = "violet harbour counts lanterns";
const ADDRESS = "192.0.2.20";
let counter = 0;
const freshEmail = () => `fair${++counter}-${Date.now()}@example.com`;

async function person(options: { verified?: boolean; email?: string } = {}) {
  const user = await registerUser(testDb.db, {
    name: `Player ${++counter}`,
    email: options.email ?? freshEmail(),
    password: STRONG,
  });
  if (options.verified) await verifyEmailByOperator(testDb.db, user.email!);
  return { id: user.id, email: user.email! };
}

async function personWithTokens(teamNames: string[]) {
  const user = await person();
  const tokens: string[] = [];
  for (const name of teamNames) {
    const team = await createTeam(testDb.db, user.id, { name });
    tokens.push((await createApiToken(testDb.db, user.id, { teamId: team.id, name: `laptop for ${name}` })).token);
  }
  return { user, tokens };
}

describe("a password change or reset revokes the user's API tokens", () => {
  it("after a change: every token answers TOKEN_REVOKED, and the change lists what was revoked", async () => {
    const { user, tokens } = await personWithTokens(["Token Keepers", "Second Bench"]);
    for (const token of tokens) await expect(authenticateApiToken(testDb.db, token)).resolves.toBeDefined();

    const changed = await changePassword(testDb.db, user.id, {
      currentPassword: STRONG,
      newPassword: OTHER_STRONG,
      clientAddress: ADDRESS,
    });
    expect(changed.revokedTokens).toEqual([
      { name: "laptop for Second Bench", prefix: tokens[1]!.slice(0, 11), teamName: "Second Bench" },
      { name: "laptop for Token Keepers", prefix: tokens[0]!.slice(0, 11), teamName: "Token Keepers" },
    ]);
    for (const token of tokens)
      expect((await appErrorFrom(authenticateApiToken(testDb.db, token))).code).toBe("TOKEN_REVOKED");
  });

  it("after a reset through a mailed link", async () => {
    const { user, tokens } = await personWithTokens(["Reset Crew"]);
    const link = await startPasswordReset(testDb.db, user.email);
    const reset = await resetPasswordWithToken(testDb.db, link!.token, OTHER_STRONG);
    expect(reset.revokedTokens.map((token) => token.name)).toEqual(["laptop for Reset Crew"]);
    expect((await appErrorFrom(authenticateApiToken(testDb.db, tokens[0]!))).code).toBe("TOKEN_REVOKED");
  });

  it("leaves other users' tokens alone, and a refused change revokes nothing", async () => {
    const { user, tokens } = await personWithTokens(["Mine"]);
    const { tokens: theirs } = await personWithTokens(["Theirs"]);
    const wrong = await appErrorFrom(
      changePassword(testDb.db, user.id, {
        currentPassword: "not it at all",
        newPassword: OTHER_STRONG,
        clientAddress: ADDRESS,
      }),
    );
    expect(wrong.code).toBe("INVALID_CREDENTIALS");
    await expect(authenticateApiToken(testDb.db, tokens[0]!)).resolves.toBeDefined();
    await changePassword(testDb.db, user.id, {
      currentPassword: STRONG,
      newPassword: OTHER_STRONG,
      clientAddress: ADDRESS,
    });
    await expect(authenticateApiToken(testDb.db, theirs[0]!)).resolves.toBeDefined();
  });
});

describe("removing a member ends the ways back in", () => {
  it("expires every open link made before the removal, for a fresh unverified account too", async () => {
    const owner = await person();
    const team = await createTeam(testDb.db, owner.id, { name: "Closed Door" });
    const links = [
      await createInvite(testDb.db, owner.id, team.id, {}),
      await createInvite(testDb.db, owner.id, team.id, {}),
    ];
    const member = await person();
    await acceptInvite(testDb.db, member.id, member.email, links[0]!.token);
    await removeMember(testDb.db, owner.id, team.id, member.id);

    const freshAccount = await person();
    for (const link of links) {
      expect((await describeInvite(testDb.db, link.token))?.status).toBe("revoked");
      const error = await appErrorFrom(acceptInvite(testDb.db, freshAccount.id, freshAccount.email, link.token));
      expect(error.code).toBe("INVITE_REVOKED");
    }
    const newLink = await createInvite(testDb.db, owner.id, team.id, {});
    await expect(acceptInvite(testDb.db, freshAccount.id, freshAccount.email, newLink.token)).resolves.toBeDefined();
  });

  it("stops an invite addressed to the removed address, whichever account holds that address now", async () => {
    const owner = await person();
    const team = await createTeam(testDb.db, owner.id, { name: "Addressed Door" });
    const member = await person({ verified: true });
    // Invited by address, but joined through an open link: the addressed invite is still pending.
    const addressed = await createInvite(testDb.db, owner.id, team.id, { email: member.email.toUpperCase() });
    const openLink = await createInvite(testDb.db, owner.id, team.id, {});
    await acceptInvite(testDb.db, member.id, member.email, openLink.token);
    const forSomeoneElse = await createInvite(testDb.db, owner.id, team.id, { email: "bystander@example.com" });
    await removeMember(testDb.db, owner.id, team.id, member.id);

    expect((await appErrorFrom(acceptInvite(testDb.db, member.id, member.email, addressed.token))).code).toBe(
      "INVITE_REVOKED",
    );
    // The removed person frees the address and signs up again with it, verified: still refused.
    const oldAddress = member.email;
    await testDb.db.update(users).set({ email: freshEmail() }).where(eq(users.id, member.id));
    const reborn = await person({ verified: true, email: oldAddress });
    expect((await appErrorFrom(acceptInvite(testDb.db, reborn.id, reborn.email, addressed.token))).code).toBe(
      "INVITE_REVOKED",
    );
    // An invite to someone else is the owner's separate decision and keeps working.
    expect((await describeInvite(testDb.db, forSomeoneElse.token))?.status).toBe("valid");
  });
});

describe("the current-password check counts against the sign-in throttle", () => {
  const wrongTries = signInPerAccount.limit + 5;

  it(`change-password: ${wrongTries} wrong tries, then the right one is refused`, async () => {
    const user = await person();
    for (let attempt = 0; attempt < wrongTries; attempt += 1) {
      await appErrorFrom(
        changePassword(testDb.db, user.id, {
          currentPassword: `wrong ${attempt}`,
          newPassword: OTHER_STRONG,
          clientAddress: ADDRESS,
        }),
      );
    }
    const refused = await appErrorFrom(
      changePassword(testDb.db, user.id, {
        currentPassword: STRONG,
        newPassword: OTHER_STRONG,
        clientAddress: ADDRESS,
      }),
    );
    expect(refused.code).toBe("RATE_LIMITED");
    await expect(verifyPasswordSignIn(testDb.db, user.email, STRONG)).resolves.toBeDefined();
  });

  it("shares its counter with sign-in: guesses on the account page lock the sign-in form too", async () => {
    const { checkPasswordSignIn } = await import("../auth/credential-checks");
    const user = await person();
    for (let attempt = 0; attempt < signInPerAccount.limit; attempt += 1) {
      await appErrorFrom(
        changePassword(testDb.db, user.id, {
          currentPassword: `wrong ${attempt}`,
          newPassword: OTHER_STRONG,
          clientAddress: ADDRESS,
        }),
      );
    }
    const error = await appErrorFrom(
      checkPasswordSignIn(testDb.db, { email: user.email, password: STRONG, clientAddress: "192.0.2.99" }),
    );
    expect(error.code).toBe("RATE_LIMITED");
  });

  it(`delete-account: ${wrongTries} wrong tries, then the right one is refused and the account stays`, async () => {
    const user = await person();
    for (let attempt = 0; attempt < wrongTries; attempt += 1) {
      await appErrorFrom(
        deleteAccount(testDb.db, user.id, { email: user.email, password: `wrong ${attempt}`, clientAddress: ADDRESS }),
      );
    }
    const refused = await appErrorFrom(
      deleteAccount(testDb.db, user.id, { email: user.email, password: STRONG, clientAddress: ADDRESS }),
    );
    expect(refused.code).toBe("RATE_LIMITED");
    expect(await testDb.db.select({ id: users.id }).from(users).where(eq(users.id, user.id))).toHaveLength(1);
  });
});
