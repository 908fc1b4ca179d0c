/**
 * `joulebench login | submit | status | logout` as a team runs them: the real CLI process, against API v1's real
 * route handlers (test-support/api/serve-api.ts) on a real database, with a real runner measuring the bundle.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test-support/db/test-database";
import { serveApi } from "../../test-support/api/serve-api";
import { createApiToken } from "../../lib/data/api-tokens";
import { IN_SESSION_FLAG } from "../../ops/own-session";
import { writeRawStringBundle } from "../../test-support/bundle/raw-string-bundles";
import {
  FIXTURE_LABELS,
  seedCompetition,
  writeFixtureBundle,
  type CompetitionFixture,
} from "../../test-support/competition-fixture";
import { eq } from "drizzle-orm";
import { teams, users } from "../../db/schema";
import { credentialsPath } from "./credentials";

const run = promisify(execFile);
const CLI = path.resolve("runner/cli.mjs");
const testDb = useTestDatabase();
let item: CompetitionFixture;
let api: Awaited<ReturnType<typeof serveApi>>;
let runner: ChildProcess | undefined;
let home: string;
let token: string;
const runnerLog: string[] = [];

async function cli(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = run(process.execPath, [CLI, ...args], { env: { ...process.env, HOME: home }, timeout: 120_000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return child.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

beforeAll(async () => {
  item = await seedCompetition(testDb.db, { phase: { submissionsTotal: 3 } });
  home = path.join(item.tempDir, "home");
  process.env.DATABASE_URL = testDb.url;
  process.env.JOULEBENCH_DATA_DIR = path.join(item.tempDir, "data");
  api = await serveApi();
  token = (await createApiToken(testDb.db, item.ownerId, { teamId: item.teamId, name: "cli" })).token;
});
afterAll(async () => {
  runner?.kill("SIGTERM");
  await api?.close();
  const { webQueue } = await import("../../lib/submissions/services");
  await (await webQueue()).stop({ graceful: false });
  await item?.cleanup();
});

describe("the joulebench CLI against the site", () => {
  it("refuses to submit before login, and refuses a wrong token at login", async () => {
    const bundle = await writeFixtureBundle(path.join(item.tempDir, "early.zip"), { seed: 50 });
    const early = await cli(["submit", bundle, "--competition", item.competitionSlug, "--track", item.trackId]);
    expect(early.code).toBe(4);
    const wrong = await cli(["login", "--url", api.url, "--token", "jb_wrong"]);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain("UNAUTHENTICATED");
  });

  it("logs in with the token on standard input, says as whom, and stores it readable by its owner only", async () => {
    const login = await cli(["login", "--url", api.url], `${token}\n`);
    expect(login.code).toBe(0);
    const [owner] = await testDb.db.select({ email: users.email }).from(users).where(eq(users.id, item.ownerId));
    const [team] = await testDb.db.select({ name: teams.name }).from(teams).where(eq(teams.id, item.teamId));
    expect(login.stderr).toContain(`<${owner!.email}>`);
    expect(login.stderr).toContain(`for team ${team!.name}`);
    expect(login.stderr + login.stdout).not.toContain(token.slice(0, 8));
    expect((await stat(credentialsPath(home))).mode & 0o777).toBe(0o600);
  });

  it("lists the competitions and a competition's tracks, with the profile `submit --track` takes", async () => {
    const competitions = await cli(["competitions"]);
    expect(competitions.code).toBe(0);
    expect(competitions.stdout).toMatch(new RegExp(`${item.competitionSlug}\\s+open\\s+1\\s+Tiny`));
    const tracks = await cli(["tracks", item.competitionSlug]);
    expect(tracks.code).toBe(0);
    expect(tracks.stdout).toContain(item.trackId);
    expect(tracks.stdout).toContain("--track cpu-1t");
    const missing = await cli(["tracks", "no-such-competition"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("NOT_FOUND");
  });

  it("refuses a --track that names no track, listing the competition's", async () => {
    const bundle = await writeFixtureBundle(path.join(item.tempDir, "unknown-track.zip"), { seed: 52 });
    const refused = await cli(["submit", bundle, "--competition", item.competitionSlug, "--track", "gpu"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`No track "gpu"`);
    expect(refused.stderr).toContain(item.trackId);
  });

  it("stops a bundle that would be refused before uploading it", async () => {
    const notBundle = path.join(item.tempDir, "notes.txt");
    await import("node:fs/promises").then((fs) => fs.writeFile(notBundle, "hello"));
    const refused = await cli(["submit", notBundle, "--competition", item.competitionSlug, "--track", item.trackId]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("NOT_A_BUNDLE");
  });

  it("refuses before uploading a bundle the site refuses, with the site's code: a sentence-pair graph on a one-sentence task", async () => {
    const bundle = await writeRawStringBundle(path.join(item.tempDir, "pair.zip"), {
      pair: true,
      labels: FIXTURE_LABELS,
    });
    const form = new FormData();
    form.append("metadata", JSON.stringify({ name: "pair", trackIds: [item.trackId] }));
    form.append("bundle", new Blob([new Uint8Array(await readFile(bundle))]), "pair.zip");
    const site = await fetch(`${api.url}/api/v1/competitions/${item.competitionSlug}/submissions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(site.status).toBe(400);
    expect(((await site.json()) as { error: unknown }).error).toMatchObject({
      code: "BUNDLE_REJECTED",
      reason: "MANIFEST_MISMATCH",
    });

    const refused = await cli(["submit", bundle, "--competition", item.competitionSlug, "--track", item.trackId]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("The bundle would be refused [MANIFEST_MISMATCH]");
    expect(refused.stderr).toContain('nothing for the "text_pair" input');
  });

  it("submits, follows the evaluation by a real runner to its results, and exits 0; status agrees", async () => {
    runner = spawn(process.execPath, ["--import", "tsx", "runner/main.ts", IN_SESSION_FLAG], {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATABASE_URL: testDb.url,
        RUNNER_PROFILES: "cpu-1t",
        RUNNER_POLL_INTERVAL_MS: "200",
        JOULEBENCH_PROTOCOL_OVERRIDES: JSON.stringify({
          blocks: 1,
          warmupQueries: 2,
          minQueries: 10,
          minDurationMs: 200,
          throughputMinDurationMs: 200,
          maxReruns: 0,
        }),
        JOULEBENCH_DATASETS_DIR: item.datasetsDir,
        JOULEBENCH_DATA_DIR: path.join(item.tempDir, "data"),
      },
    });
    for (const stream of [runner.stdout!, runner.stderr!])
      stream.on("data", (chunk: Buffer) => runnerLog.push(chunk.toString()));
    const bundle = await writeFixtureBundle(path.join(item.tempDir, "good.zip"), { seed: 51 });
    const submitted = await cli([
      "submit",
      bundle,
      "--competition",
      item.competitionSlug,
      "--track",
      "cpu-1t",
      "--name",
      "from the cli",
      "--json",
    ]);
    expect(submitted.stderr, runnerLog.join("")).toBe("");
    expect(submitted.code, runnerLog.join("")).toBe(0);
    const view = JSON.parse(submitted.stdout) as {
      id: string;
      evaluation: { state: string };
      results: { split: string; metrics: Record<string, number> }[];
    };
    expect(view.evaluation.state).toBe("finished");
    expect(view.results.map((result) => result.split)).toContain("public");
    expect(view.results.map((result) => result.split)).not.toContain("private");

    const status = await cli(["status", view.id]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("from the cli");
    expect(status.stdout).toContain("finished");
    expect(status.stdout).toMatch(/\d [pnµm]?Wh per 1,000 inferences/);
    expect(status.stdout).not.toMatch(/\de[+-]\d/);

    const recent = await cli(["status"]);
    expect(recent.code).toBe(0);
    expect(recent.stdout).toContain("from the cli");
    expect(recent.stdout).toContain(view.id);

    const again = await cli(["submit", bundle, "--competition", item.competitionSlug, "--track", item.trackId]);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain("DUPLICATE_SUBMISSION");
  }, 180_000);

  it("logs out, deleting the token", async () => {
    const logout = await cli(["logout"]);
    expect(logout.code).toBe(0);
    await expect(stat(credentialsPath(home))).rejects.toThrow();
    expect((await cli(["status", "anything"])).code).toBe(4);
  });
});
