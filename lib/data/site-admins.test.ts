import { appErrorFrom } from "../../test-support/app-error";
import { describe, expect, it } from "vitest";
import { users } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { grantSiteAdmin, isSiteAdmin, listSiteAdmins, revokeSiteAdmin } from "./site-admins";

const testDb = useTestDatabase();

let counter = 0;
async function createUser(name = "Ada") {
  const email = `admin-test-${++counter}@example.com`;
  const [user] = await testDb.db.insert(users).values({ email, name }).returning();
  return user!;
}

const failure = appErrorFrom;

describe("site admins", () => {
  it("refuses an email nobody has signed up with", async () => {
    const error = await failure(grantSiteAdmin(testDb.db, "ghost@example.com"));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe("No user with email ghost@example.com; they must sign up first.");
  });

  it("grants, reports a repeated grant, lists and revokes", async () => {
    const user = await createUser("Grace");
    expect(await isSiteAdmin(testDb.db, user.id)).toBe(false);

    expect(await grantSiteAdmin(testDb.db, user.email!)).toEqual({ userId: user.id, alreadyAdmin: false });
    expect(await isSiteAdmin(testDb.db, user.id)).toBe(true);
    expect(await grantSiteAdmin(testDb.db, user.email!)).toEqual({ userId: user.id, alreadyAdmin: true });

    const listed = await listSiteAdmins(testDb.db);
    expect(listed.filter((admin) => admin.userId === user.id)).toEqual([
      { userId: user.id, email: user.email, name: "Grace", grantedAt: expect.any(Date) },
    ]);

    expect(await revokeSiteAdmin(testDb.db, user.email!)).toEqual({ userId: user.id, wasAdmin: true });
    expect(await isSiteAdmin(testDb.db, user.id)).toBe(false);
    expect(await revokeSiteAdmin(testDb.db, user.email!)).toEqual({ userId: user.id, wasAdmin: false });
    expect((await listSiteAdmins(testDb.db)).some((admin) => admin.userId === user.id)).toBe(false);
  });

  it("matches the email whatever its case and surrounding spaces", async () => {
    const user = await createUser();
    await grantSiteAdmin(testDb.db, `  ${user.email!.toUpperCase()} `);
    expect(await isSiteAdmin(testDb.db, user.id)).toBe(true);
  });

  it("only makes the named user an admin", async () => {
    const admin = await createUser();
    const bystander = await createUser();
    await grantSiteAdmin(testDb.db, admin.email!);
    expect(await isSiteAdmin(testDb.db, bystander.id)).toBe(false);
  });
});
