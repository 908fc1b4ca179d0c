/**
 * `npm run check:fair-play -- --base-url https://your.site`: replays issue 16's holes 1, 2, 5, 6 and 7 against a
 * running site over plain HTTP, as a team and an attacker would, and prints one line per check. Exit status: 0
 * when no check found a hole, 1 when one did, 2 when a check could not run (the line says why).
 *
 * It signs up throwaway accounts (fair-play-…@example.com) and spends the sign-up allowance of the address it
 * connects from (item 5 must reach the per-address limit to see whether a made-up X-Forwarded-For escapes it),
 * so item 5 runs last and a second run from the same address within the hour cannot sign up.
 */
import { Command, InvalidArgumentError } from "commander";
import {
  type CheckOptions,
  type CheckResult,
  checkOneTeamPerPerson,
  checkRemovedMemberRejoin,
  checkResubmitOfScored,
  checkSpoofedForwardedFor,
  checkTokensAfterPasswordChange,
} from "./checks";

const CHECKS: Record<number, { title: string; run: (options: CheckOptions) => Promise<CheckResult> }> = {
  1: { title: "no re-roll of a scored result", run: checkResubmitOfScored },
  2: { title: "one registered team per person", run: checkOneTeamPerPerson },
  5: { title: "made-up X-Forwarded-For", run: checkSpoofedForwardedFor },
  6: { title: "API tokens after a password change", run: checkTokensAfterPasswordChange },
  7: { title: "removed member rejoining", run: checkRemovedMemberRejoin },
};

function itemList(value: string): number[] {
  const items = value.split(",").map((item) => Number(item.trim()));
  const unknown = items.filter((item) => !CHECKS[item]);
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown item(s) ${unknown.join(", ")}; known: ${Object.keys(CHECKS).join(", ")}`);
  return items;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError("must be a whole number of at least 1");
  return number;
}

const program = new Command("check:fair-play")
  .requiredOption("--base-url <url>", "the running site, e.g. http://localhost:3000")
  .option("--only <items>", "comma-separated items to check (default: 1,2,5,6,7)", itemList)
  .option("--competition <slug>", "an open competition the throwaway accounts may register for (item 2)")
  .option("--email <email>", "an account that has a scored submission (item 1)")
  .option("--password <password>", "that account's password (item 1)")
  .option("--finished-submission <id>", "that account's submission whose evaluation finished (item 1)")
  .option("--local-address <address>", "connect from this local address (a loopback alias for a site on this machine)")
  .option(
    "--max-signup-attempts <n>",
    "most attempts item 5 makes looking for the per-address limit",
    positiveInteger,
    3000,
  )
  .parse();

const flags = program.opts<{
  baseUrl: string;
  only?: number[];
  competition?: string;
  email?: string;
  password?: string;
  finishedSubmission?: string;
  localAddress?: string;
  maxSignupAttempts: number;
}>();

try {
  new URL(flags.baseUrl);
} catch {
  program.error(`--base-url ${flags.baseUrl} is not a URL`);
}

const options: CheckOptions = {
  baseUrl: flags.baseUrl,
  localAddress: flags.localAddress,
  competition: flags.competition,
  scoredAccount:
    flags.email && flags.password && flags.finishedSubmission
      ? { email: flags.email, password: flags.password, submissionId: flags.finishedSubmission }
      : undefined,
  maxSignUpAttempts: flags.maxSignupAttempts,
};

let holes = 0;
let broken = 0;
// Item 5 last: it spends the sign-up allowance of the address it connects from, which the others need.
const ORDER = [1, 2, 6, 7, 5];
for (const item of ORDER.filter((item) => !flags.only || flags.only.includes(item))) {
  const check = CHECKS[item]!;
  try {
    const result = await check.run(options);
    if (result.outcome === "hole") holes += 1;
    console.log(
      `${result.outcome === "hole" ? "HOLE" : result.outcome === "ok" ? "ok  " : "skip"}  item ${item} (${check.title}): ${result.detail}`,
    );
  } catch (error) {
    broken += 1;
    console.log(`FAIL  item ${item} (${check.title}): could not run: ${(error as Error).message}`);
  }
}
process.exit(holes > 0 ? 1 : broken > 0 ? 2 : 0);
