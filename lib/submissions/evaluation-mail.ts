/**
 * The email a team's members get when an evaluation ends: finished, with the headline figures of the public split
 * (never the private one, which may not be revealed yet), or failed, with the failure code and message; and the
 * link to the submission's page. Members who turned the emails off on their account page, or have no address,
 * get none. Sent through lib/mail; a mail that cannot be sent is logged by the caller and changes nothing else.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
  competitions,
  evaluations,
  results,
  submissions,
  teamMemberships,
  teams,
  tracks,
  users,
} from "../../db/schema";
import { ENERGY_DISPLAY_BASIS, formatEnergyPerThousand } from "../format/energy-display";
import { formatQualityPercent, metricTitle } from "../format/metric-names";
import { formatSi } from "../format/si-quantity";
import { sendMail, type OutgoingMail } from "../mail/mailer";

export interface EvaluationMailFacts {
  submissionId: string;
  submissionName: string;
  teamName: string;
  competitionTitle: string;
  trackTitle: string;
  state: "finished" | "failed";
  error: { code: string; message: string } | null;
  /** The public split's figures; null when the evaluation failed or scored no public split. */
  headline: {
    metric: string;
    quality: number | null;
    joulesPerInference: number | null;
    latencyP50Ms: number | null;
    noisy: boolean;
  } | null;
}

export function buildEvaluationMail(to: string, facts: EvaluationMailFacts, baseUrl: string): OutgoingMail {
  const link = `${baseUrl}/submissions/${facts.submissionId}`;
  const where = `${facts.competitionTitle}, track ${facts.trackTitle}`;
  const optOut = `You get this email as a member of ${facts.teamName}. Turn these emails off on your account page: ${baseUrl}/account`;
  if (facts.state === "failed") {
    return {
      to,
      subject: `Evaluation failed: ${facts.submissionName} [${facts.error?.code ?? "FAILED"}]`,
      text: [
        `The evaluation of "${facts.submissionName}" (${where}) failed.`,
        "",
        `${facts.error?.code ?? "FAILED"}: ${facts.error?.message ?? "no message"}`,
        "",
        "The timeline, the sandbox log and what to do next are on the submission's page:",
        link,
        "",
        optOut,
      ].join("\n"),
    };
  }
  const headline = facts.headline;
  const figures = headline
    ? [
        `${metricTitle(headline.metric)} (public split): ${formatQualityPercent(headline.quality)}`,
        `Energy: ${headline.joulesPerInference === null ? "not measured" : `${formatEnergyPerThousand(headline.joulesPerInference)} ${ENERGY_DISPLAY_BASIS}`}${headline.noisy ? " (noisy)" : ""}`,
        `Latency p50: ${headline.latencyP50Ms === null ? "not measured" : formatSi(headline.latencyP50Ms / 1000, "s")}`,
      ]
    : ["No public-split results (the private part stays hidden until the competition reveals it)."];
  return {
    to,
    subject: `Evaluation finished: ${facts.submissionName}${headline ? ` (${metricTitle(headline.metric)} ${formatQualityPercent(headline.quality)})` : ""}`,
    text: [
      `The evaluation of "${facts.submissionName}" (${where}) finished.`,
      "",
      ...figures,
      "",
      "Its place on the leaderboard and every figure are on the submission's page:",
      link,
      "",
      optOut,
    ].join("\n"),
  };
}

/** What the mail says, and to whom; null when the evaluation has not ended. */
export async function evaluationMailFacts(
  db: Database,
  evaluationId: string,
): Promise<{ facts: EvaluationMailFacts; recipients: string[] } | null> {
  const [row] = await db
    .select({
      evaluation: evaluations,
      submission: submissions,
      teamName: teams.name,
      trackTitle: tracks.title,
      metric: tracks.qualityMetric,
      competitionTitle: competitions.title,
    })
    .from(evaluations)
    .innerJoin(submissions, eq(submissions.id, evaluations.submissionId))
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .innerJoin(tracks, eq(tracks.id, submissions.trackId))
    .innerJoin(competitions, eq(competitions.id, tracks.competitionId))
    .where(eq(evaluations.id, evaluationId));
  if (!row || (row.evaluation.state !== "finished" && row.evaluation.state !== "failed")) return null;
  const [publicResult] =
    row.evaluation.state === "finished"
      ? await db
          .select()
          .from(results)
          .where(and(eq(results.evaluationId, evaluationId), eq(results.split, "public")))
      : [];
  const members = await db
    .select({ email: users.email })
    .from(teamMemberships)
    .innerJoin(users, eq(users.id, teamMemberships.userId))
    .where(
      and(eq(teamMemberships.teamId, row.submission.teamId), eq(users.evaluationEmails, true), isNotNull(users.email)),
    );
  return {
    recipients: members.flatMap((member) => (member.email ? [member.email] : [])),
    facts: {
      submissionId: row.submission.id,
      submissionName: row.submission.name,
      teamName: row.teamName,
      competitionTitle: row.competitionTitle,
      trackTitle: row.trackTitle,
      state: row.evaluation.state,
      error: row.evaluation.errorCode
        ? { code: row.evaluation.errorCode, message: row.evaluation.errorMessage ?? "" }
        : null,
      headline: publicResult
        ? {
            metric: row.metric,
            quality: publicResult.metrics[row.metric] ?? null,
            joulesPerInference: publicResult.energyJoulesPerInference,
            latencyP50Ms: publicResult.latencyP50Ms,
            noisy: publicResult.noisy,
          }
        : null,
    },
  };
}

/** Emails every opted-in member; returns how many messages went out. Throws when the SMTP server refuses. */
export async function mailEvaluationOutcome(
  db: Database,
  evaluationId: string,
  config: { smtpUrl: string | undefined; from: string; baseUrl: string },
): Promise<number> {
  if (!config.smtpUrl) return 0;
  const found = await evaluationMailFacts(db, evaluationId);
  if (!found) return 0;
  let sent = 0;
  for (const to of found.recipients) {
    if (await sendMail(buildEvaluationMail(to, found.facts, config.baseUrl), config)) sent += 1;
  }
  return sent;
}
