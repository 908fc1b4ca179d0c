/**
 * The team's "evaluation ended" emails, from a real finished or failed evaluation on a real database, through
 * nodemailer to a real SMTP server (test-support/mail/mail-catcher.ts): who gets one, what it says, and that a mail
 * server that is down changes nothing about the evaluation.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations, teamMemberships, users } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { startMailCatcher, type CaughtMessage, type MailCatcher } from "../../test-support/mail/mail-catcher";
import { publicPrivateSplit } from "../../lib/tasks/public-private-split";
import { scoreSplits } from "../evaluate/compose-report";
import { announceOutcome } from "./announce-outcome";
import { recordFailed, recordFinished } from "./record-outcome";
import { sampleReport } from "../../test-support/runner/sample-report";
import {
  claimedEvaluation,
  seedEvaluationTrack,
  type EvaluationTrack,
} from "../../test-support/runner/evaluation-fixtures";

const testDb = useTestDatabase();
let boss: PgBoss;
let track: EvaluationTrack;
let catcher: MailCatcher;
const caught: CaughtMessage[] = [];
let mail: { smtpUrl: string | undefined; from: string; baseUrl: string };
const addresses = { ada: `ada-${randomUUID()}@example.com`, bob: `bob-${randomUUID()}@example.com` };

const labels = Array.from({ length: 20 }, (_, index) => index % 2);
const halves = publicPrivateSplit(labels.length, 0.5, 7);
const scores = () =>
  scoreSplits(
    labels.map((label, index) => (index % 4 === 0 ? 1 - label : label)),
    [
      {
        split: "test",
        offset: 0,
        labels,
        parts: [
          { name: "public", indices: halves.publicIndices },
          { name: "private", indices: halves.privateIndices },
        ],
      },
    ],
    [0, 1],
    2,
  );
const textOf = (message: CaughtMessage) => message.raw.toString("utf8").replace(/=\r?\n/g, "");

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  track = await seedEvaluationTrack(testDb.db);
  for (const [name, email] of Object.entries(addresses)) {
    const [user] = await testDb.db
      .insert(users)
      .values({ email, name, evaluationEmails: name === "ada" })
      .returning();
    await testDb.db.insert(teamMemberships).values({ teamId: track.teamId, userId: user!.id });
  }
  catcher = await startMailCatcher((message) => void caught.push(message));
  mail = {
    smtpUrl: catcher.smtpUrl,
    from: "Joulebench <no-reply@joulebench.local>",
    baseUrl: "https://joulebench.example.org",
  };
});
afterAll(async () => {
  await catcher?.close();
  await boss?.stop({ graceful: false, wait: true });
  await track?.cleanup();
});

describe("announceOutcome", () => {
  it("emails the opted-in members a finished evaluation's public figures and its link, and no one who opted out", async () => {
    const { claim, submissionId } = await claimedEvaluation(testDb.db, boss, track, "r1");
    const report = sampleReport(scores());
    expect(await recordFinished(testDb.db, boss, "r1", claim, submissionId, report)).toBe("finished");
    caught.length = 0;
    await announceOutcome(testDb.db, claim.evaluationId, mail, () => {});

    expect(caught.map((message) => message.to)).toEqual([[addresses.ada]]);
    const text = textOf(caught[0]!);
    expect(text).toMatch(/^Subject: Evaluation finished: tiny \(Accuracy \d+\.\d%\)\r$/m);
    expect(text).toMatch(/Energy: \d[\d.,]* [pnµm]?Wh per 1,000 inferences/);
    expect(text).toContain(`https://joulebench.example.org/submissions/${submissionId}`);
    expect(text).toContain("https://joulebench.example.org/account");
    // The figures, not the headers: a random UUID in an address or a Message-ID can hold "6e-5".
    const figures = text.split(/\r?\n/).filter((line) => /^(Accuracy|Energy|Latency|Quality)/i.test(line.trim()));
    expect(figures.length).toBeGreaterThan(0);
    for (const line of figures) expect(line).not.toMatch(/\d(\.\d+)?e[+-]\d/);
  });

  it("emails a failed evaluation's code and message", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    expect(
      await recordFailed(testDb.db, boss, "r1", claim, {
        code: "MODEL_LOAD_FAILED",
        message: "onnxruntime could not load model.onnx",
      }),
    ).toBe("failed");
    caught.length = 0;
    await announceOutcome(testDb.db, claim.evaluationId, mail, () => {});

    expect(caught).toHaveLength(1);
    const text = textOf(caught[0]!);
    expect(text).toMatch(/^Subject: Evaluation failed: tiny \[MODEL_LOAD_FAILED\]\r$/m);
    expect(text).toContain("MODEL_LOAD_FAILED: onnxruntime could not load model.onnx");
  });

  it("logs, never throws, and leaves the evaluation finished when the mail server is down", async () => {
    const { claim, submissionId } = await claimedEvaluation(testDb.db, boss, track, "r1");
    await recordFinished(testDb.db, boss, "r1", claim, submissionId, sampleReport(scores()));
    const closed = await startMailCatcher(() => {});
    await closed.close();
    const log: string[] = [];
    await expect(
      announceOutcome(testDb.db, claim.evaluationId, { ...mail, smtpUrl: closed.smtpUrl }, (line) => log.push(line)),
    ).resolves.toBeUndefined();
    expect(log.join("\n")).toContain("could not email the team (the result stands)");
    const [row] = await testDb.db
      .select({ state: evaluations.state })
      .from(evaluations)
      .where(eq(evaluations.id, claim.evaluationId));
    expect(row!.state).toBe("finished");
  });

  it("sends nothing without an SMTP server", async () => {
    const { claim, submissionId } = await claimedEvaluation(testDb.db, boss, track, "r1");
    await recordFinished(testDb.db, boss, "r1", claim, submissionId, sampleReport(scores()));
    caught.length = 0;
    await announceOutcome(testDb.db, claim.evaluationId, { ...mail, smtpUrl: undefined }, () => {});
    expect(caught).toHaveLength(0);
  });
});
