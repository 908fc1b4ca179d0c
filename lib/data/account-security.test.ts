/**
 * The account-security rules of issue 12 at the data layer, on a real PostgreSQL: verified addresses before
 * addressed invites, removed members and old open links, one-time links, password change and reset, and account
 * deletion with what happens to the teams.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, teams, userTokens, users } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { deleteAccount, planAccountDeletion } from "./account-deletion";
import {
  claimAccountByEmailLink,
  confirmEmailVerification,
  startEmailVerification,
  verifyEmailByOperator,
} from "./email-verification";
import { changePassword, issueResetLinkByOperator, resetPasswordWithToken, startPasswordReset } from "./passwords";
import { acceptInvite, createInvite, describeInvite } from "./team-invites";
import { createTeam, removeMember, transferOwnership } from "./teams";
import { createDatabaseSession, registerUser, verifyPasswordSignIn } from "./users";

const testDb = useTestDatabase();
const STRONG = "copper kettle drifts sideways";
const OTHER_STRONG = "violet harbour counts lanterns";
const ADDRESS = "192.0.2.10";
let counter = 0;
const freshEmail = () => `sec${++counter}-${Date.now()}@example.com`;

async function person(options: { verified?: boolean } = {}) {
  const user = await registerUser(testDb.db, { name: `Person ${++counter}`, email: freshEmail(), password: STRONG });
  if (options.verified) await verifyEmailByOperator(testDb.db, user.email!);
  return { id: user.id, email: user.email! };
}

describe("addressed invites need a verified address", () => {
  it("refuses an unverified account that signed up with the invited address, until it verifies", async () => {
    const owner = await person();
    const team = await createTeam(testDb.db, owner.id, { name: "Verified Only" });
    const squatter = await person();
    const invite = await createInvite(testDb.db, owner.id, team.id, { email: squatter.email });

    const viewer = await describeInvite(testDb.db, invite.token, { userId: squatter.id, email: squatter.email });
    expect(viewer?.viewer?.mustVerifyEmail).toBe(true);
    const error = await appErrorFrom(acceptInvite(testDb.db, squatter.id, squatter.email, invite.token));
    expect(error.code).toBe("EMAIL_NOT_VERIFIED");
    expect(error.message).toMatch(/Verify your email address before joining Verified Only/);

    const link = await startEmailVerification(testDb.db, squatter.id);
    expect(link.path).toMatch(/^\/verify-email\/[A-Za-z0-9_-]{43}$/);
    await confirmEmailVerification(testDb.db, link.token);
    const joined = await acceptInvite(testDb.db, squatter.id, squatter.email, invite.token);
    expect(joined.teamName).toBe("Verified Only");
  });

  it("lets an unverified account use an open link (it is addressed to nobody)", async () => {
    const owner = await person();
    const team = await createTeam(testDb.db, owner.id, { name: "Open Door" });
    const invite = await createInvite(testDb.db, owner.id, team.id, {});
    const newcomer = await person();
    await expect(acceptInvite(testDb.db, newcomer.id, newcomer.email, invite.token)).resolves.toMatchObject({
      teamName: "Open Door",
    });
  });
});

describe("verification links", () => {
  it("work once, and not after the address changed", async () => {
    const user = await person();
    const first = await startEmailVerification(testDb.db, user.id);
    const second = await startEmailVerification(testDb.db, user.id);
    // A newer link replaces the older one.
    expect((await appErrorFrom(confirmEmailVerification(testDb.db, first.token))).code).toBe("INVALID_LINK");
    await testDb.db.update(users).set({ email: freshEmail() }).where(eq(users.id, user.id));
    expect((await appErrorFrom(confirmEmailVerification(testDb.db, second.token))).code).toBe("INVALID_LINK");
  });

  it("expire", async () => {
    const user = await person();
    const link = await startEmailVerification(testDb.db, user.id);
    await testDb.db
      .update(userTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(userTokens.userId, user.id));
    expect((await appErrorFrom(confirmEmailVerification(testDb.db, link.token))).code).toBe("INVALID_LINK");
  });

  it("are refused for an address that is verified already", async () => {
    const user = await person({ verified: true });
    expect((await appErrorFrom(startEmailVerification(testDb.db, user.id))).code).toBe("VALIDATION_FAILED");
  });
});

describe("an email sign-in link for an address someone else signed up with", () => {
  it("removes the unproven password and ends that account's sessions", async () => {
    const squatter = await person();
    await createDatabaseSession(testDb.db, squatter.id);
    expect(await claimAccountByEmailLink(testDb.db, squatter.id)).toEqual({ passwordRemoved: true });
    const error = await appErrorFrom(verifyPasswordSignIn(testDb.db, squatter.email, STRONG));
    expect(error.code).toBe("INVALID_CREDENTIALS");
    expect(await testDb.db.select().from(sessions).where(eq(sessions.userId, squatter.id))).toEqual([]);
  });

  it("leaves a verified account's password alone", async () => {
    const owner = await person({ verified: true });
    expect(await claimAccountByEmailLink(testDb.db, owner.id)).toEqual({ passwordRemoved: false });
    await expect(verifyPasswordSignIn(testDb.db, owner.email, STRONG)).resolves.toMatchObject({ id: owner.id });
  });
});

describe("removed members and old open links", () => {
  it("a removed member cannot rejoin through a link made before the removal, but can through a new one", async () => {
    const owner = await person();
    const team = await createTeam(testDb.db, owner.id, { name: "No Way Back" });
    const oldLink = await createInvite(testDb.db, owner.id, team.id, {});
    const member = await person();
    await acceptInvite(testDb.db, member.id, member.email, oldLink.token);
    await removeMember(testDb.db, owner.id, team.id, member.id);

    const seen = await describeInvite(testDb.db, oldLink.token, { userId: member.id, email: member.email });
    expect(seen?.viewer?.removedSinceCreated).toBe(true);
    expect(seen?.status).toBe("revoked");
    const error = await appErrorFrom(acceptInvite(testDb.db, member.id, member.email, oldLink.token));
    expect(error.code).toBe("INVITE_REVOKED");

    // The removal revoked the old open link for everyone (a fresh account of the same person included).
    const other = await person();
    expect((await appErrorFrom(acceptInvite(testDb.db, other.id, other.email, oldLink.token))).code).toBe(
      "INVITE_REVOKED",
    );
    // A link made after the removal is the owner's new decision.
    const newLink = await createInvite(testDb.db, owner.id, team.id, {});
    await expect(acceptInvite(testDb.db, member.id, member.email, newLink.token)).resolves.toBeDefined();
  });
});

describe("password change and reset", () => {
  it("changes the password with the current one, and ends the other sessions only", async () => {
    const user = await person();
    const current = await createDatabaseSession(testDb.db, user.id);
    await createDatabaseSession(testDb.db, user.id);
    const wrong = await appErrorFrom(
      changePassword(testDb.db, user.id, {
        currentPassword: "not it at all",
        newPassword: OTHER_STRONG,
        clientAddress: ADDRESS,
      }),
    );
    expect(wrong.code).toBe("INVALID_CREDENTIALS");
    await changePassword(testDb.db, user.id, {
      currentPassword: STRONG,
      newPassword: OTHER_STRONG,
      keepSessionToken: current.sessionToken,
      clientAddress: ADDRESS,
    });
    await expect(verifyPasswordSignIn(testDb.db, user.email, OTHER_STRONG)).resolves.toBeDefined();
    const left = await testDb.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(left.map((session) => session.sessionToken)).toEqual([current.sessionToken]);
  });

  it("resets through a one-time link that survives a refused weak password", async () => {
    const user = await person();
    await createDatabaseSession(testDb.db, user.id);
    expect(await startPasswordReset(testDb.db, "nobody-here@example.com")).toBeNull();
    const link = await startPasswordReset(testDb.db, user.email.toUpperCase());
    expect(link?.path).toMatch(/^\/reset-password\//);
    expect((await appErrorFrom(resetPasswordWithToken(testDb.db, link!.token, "password"))).code).toBe("WEAK_PASSWORD");
    await resetPasswordWithToken(testDb.db, link!.token, OTHER_STRONG);
    await expect(verifyPasswordSignIn(testDb.db, user.email, OTHER_STRONG)).resolves.toBeDefined();
    expect(await testDb.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect((await appErrorFrom(resetPasswordWithToken(testDb.db, link!.token, STRONG))).code).toBe("INVALID_LINK");
  });

  it("gives the operator a link for a known address only", async () => {
    const user = await person();
    await expect(issueResetLinkByOperator(testDb.db, user.email)).resolves.toMatchObject({ email: user.email });
    expect((await appErrorFrom(issueResetLinkByOperator(testDb.db, "ghost@example.com"))).code).toBe("NOT_FOUND");
  });
});

describe("account deletion", () => {
  it("deletes teams where the user is alone, refuses while they own a team with others, leaves the rest", async () => {
    const user = await person();
    const friend = await person();
    const solo = await createTeam(testDb.db, user.id, { name: "Solo Act" });
    const shared = await createTeam(testDb.db, user.id, { name: "Shared Crew" });
    const friends = await createTeam(testDb.db, friend.id, { name: "Friend Team" });
    const link = await createInvite(testDb.db, user.id, shared.id, {});
    await acceptInvite(testDb.db, friend.id, friend.email, link.token);
    const friendsLink = await createInvite(testDb.db, friend.id, friends.id, {});
    await acceptInvite(testDb.db, user.id, user.email, friendsLink.token);

    const plan = await planAccountDeletion(testDb.db, user.id);
    expect(plan.teamsDeleted.map((team) => team.name)).toEqual(["Solo Act"]);
    expect(plan.teamsToHandOver.map((team) => team.name)).toEqual(["Shared Crew"]);
    expect(plan.teamsLeft.map((team) => team.name)).toEqual(["Friend Team"]);

    const blocked = await appErrorFrom(
      deleteAccount(testDb.db, user.id, { email: user.email, password: STRONG, clientAddress: ADDRESS }),
    );
    expect(blocked.code).toBe("CONFLICT");
    expect(blocked.message).toMatch(/owner of Shared Crew first/);

    await transferOwnership(testDb.db, user.id, shared.id, friend.id);
    const typo = await appErrorFrom(
      deleteAccount(testDb.db, user.id, { email: "someone@else.org", password: STRONG, clientAddress: ADDRESS }),
    );
    expect(typo.code).toBe("VALIDATION_FAILED");
    const wrongPassword = await appErrorFrom(
      deleteAccount(testDb.db, user.id, { email: user.email, password: "nope", clientAddress: ADDRESS }),
    );
    expect(wrongPassword.code).toBe("INVALID_CREDENTIALS");

    await deleteAccount(testDb.db, user.id, {
      email: ` ${user.email.toUpperCase()} `,
      password: STRONG,
      clientAddress: ADDRESS,
    });
    expect(await testDb.db.select().from(users).where(eq(users.id, user.id))).toEqual([]);
    const remaining = (await testDb.db.select({ name: teams.name }).from(teams)).map((team) => team.name);
    expect(remaining).not.toContain("Solo Act");
    expect(remaining).toEqual(expect.arrayContaining(["Shared Crew", "Friend Team"]));
  });
});
