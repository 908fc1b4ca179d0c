/**
 * `npm run check:fair-play` against this test server, as CI's outside-in check of issue 16: the script must
 * exit 0 (no hole) for the items it is asked about. It connects from 127.0.0.2, a loopback alias, because item 5
 * spends the sign-up allowance of the address it comes from, and every browser test signs up from 127.0.0.1.
 * Seeded for items 1 and 2: an open competition, and an account whose team has a scored submission there.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { createDatabaseClient } from "../db/client";
import { competitionRegistrations } from "../db/schema";
import { registerUser } from "../lib/data/users";
import { addSubmission, createTeam, seedBoard } from "../test-support/leaderboard-fixture";
import { E2E_DATA_DIR } from "./mailbox";

const run = promisify(execFile);

/** The items the script replays: every one of them must come back "ok" from this site. */
const ITEMS = "1,2,5,6,7";

interface Seeded {
  competition: string;
  email: string;
  password: string;
  submissionId: string;
}

async function seedScoredAccount(): Promise<Seeded> {
  const url = readFileSync(path.join(E2E_DATA_DIR, "database-url"), "utf8").trim();
  const client = createDatabaseClient(url, { max: 2 });
  try {
    const board = await seedBoard(client.db);
    const tag = Date.now().toString(36);
    const password = `scored lantern ${tag} over copper hills`;
    const user = await registerUser(client.db, { name: "Scored Tester", email: `scored.${tag}@example.com`, password });
    const teamId = await createTeam(client.db, `Scored ${tag}`, user.id);
    await client.db
      .insert(competitionRegistrations)
      .values({ competitionId: board.competitionId, teamId, registeredBy: user.id, rulesSha256: "0".repeat(64) });
    const { submissionId } = await addSubmission(client.db, board, { teamId });
    return { competition: board.competitionSlug, email: user.email!, password, submissionId };
  } finally {
    await client.close();
  }
}

test("the outside-in fair-play script finds no hole on this site", async ({ baseURL }) => {
  // Item 5 sends sign-up attempts until the per-address limit (20 an hour, times ADDRESS_LIMIT_FACTOR=50 here).
  test.setTimeout(600_000);
  const seeded = await seedScoredAccount();
  const args = [
    "tsx",
    "tools/fair-play/check-fair-play.ts",
    "--base-url",
    baseURL!.replace("localhost", "127.0.0.1"),
    "--local-address",
    "127.0.0.2",
    "--only",
    ITEMS,
    "--competition",
    seeded.competition,
    "--email",
    seeded.email,
    "--password",
    seeded.password,
    "--finished-submission",
    seeded.submissionId,
  ];
  const outcome = await run("npx", args, { encoding: "utf8", timeout: 580_000 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? -1,
      stdout: `${error.stdout ?? ""}${error.stderr ?? ""}`,
    }),
  );
  console.log(outcome.stdout);
  const lines = outcome.stdout.trim().split("\n");
  expect(
    lines.filter((line) => /^(ok|HOLE|FAIL|skip)\s+item/.test(line)),
    outcome.stdout,
  ).toHaveLength(ITEMS.split(",").length);
  expect(outcome.code, outcome.stdout).toBe(0);
});
