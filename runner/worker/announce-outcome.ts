/**
 * After an evaluation ends (finished, or failed for good), its team is emailed (lib/submissions/evaluation-mail.ts).
 * The outcome is already committed: a mail server that is down or slow must not fail, delay or undo it, so this
 * never throws and the worker does not wait for it before taking its next job.
 */
import type { Database } from "../../db/client";
import { mailEvaluationOutcome } from "../../lib/submissions/evaluation-mail";

export interface OutcomeMailSettings {
  smtpUrl: string | undefined;
  from: string;
  /** The site's public address, for the link to the submission. */
  baseUrl: string;
}

export function announceOutcome(
  db: Database,
  evaluationId: string,
  mail: OutcomeMailSettings | undefined,
  log: (line: string) => void,
): Promise<void> {
  if (!mail?.smtpUrl) return Promise.resolve();
  return mailEvaluationOutcome(db, evaluationId, mail).then(
    (sent) => {
      if (sent > 0) log(`evaluation ${evaluationId}: emailed ${sent} team member(s)`);
    },
    (error: unknown) => {
      log(
        `evaluation ${evaluationId}: could not email the team (the result stands): ${(error as Error)?.message ?? String(error)}`,
      );
    },
  );
}
