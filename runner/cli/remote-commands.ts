/**
 * `joulebench login | submit | status | logout` (and `competitions | tracks`): the team's side of the site from a terminal, through API v1.
 *
 * Exit codes tell the outcome, so scripts and CI can act on them:
 *   0 the evaluation finished (scored)      1 it failed or was cancelled (the code and message are printed)
 *   2 bad command line                      3 the site refused the submission (quota, duplicate, bundle, phase…)
 *   4 not logged in, or the token is invalid, revoked or expired
 *   5 the site could not be reached         75 (status) still waiting or running
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import type { SubmitResponseJson, TrackTaskJson } from "./api-types";
import { ApiError, apiGet, uploadBundle } from "./api-client";
import { preflightBenchmarkBundle, preflightBundle } from "./bundle-preflight";
import { credentialsPath, loadCredentials, removeCredentials, saveCredentials, type Credentials } from "./credentials";
import { addDirectoryCommands, fetchTracks } from "./directory-commands";
import { followSubmission, printSubmission, type SubmissionJson } from "./follow-submission";
import { readHiddenLine } from "./hidden-input";
import { formatRecentSubmissions, type SubmissionRow } from "./print-lists";
import { resolveTrackReference } from "./track-reference";
import { createProgressBar } from "./progress-bar";

export const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3, auth: 4, network: 5, pending: 75 } as const;

export function addRemoteCommands(program: Command): void {
  program
    .command("login")
    .description("store an API token (from your team's tokens page) for submit and status")
    .option("--url <url>", "the Joulebench site", "http://localhost:3000")
    .option("--token <token>", "the token (default: asked for, or read from standard input)")
    .action(async (options: { url: string; token?: string }) => process.exit(await login(options)));

  program
    .command("logout")
    .description("forget the stored token")
    .action(async () => {
      const removed = await removeCredentials();
      process.stderr.write(removed ? "Logged out: the stored token is deleted.\n" : "Not logged in.\n");
      process.exit(EXIT.ok);
    });

  program
    .command("submit")
    .argument("<bundle>", "the .zip bundle or .onnx model")
    .requiredOption("--competition <slug>", "the competition's slug")
    .requiredOption(
      "--track <track...>",
      "track(s): an id, or a hardware profile (cpu-1t) or title only one track has; one submission per track",
    )
    .option("--name <name>", "the submission's name (default: the file name)")
    .option("--team <id>", "the team (default: the token's team)")
    .option("--disclosures <file>", "a JSON file of show-your-work disclosures (see the API's SubmissionMetadata)")
    .option("--no-follow", "return once the submission is queued")
    .option("--json", "print one JSON object (the submission) instead of a summary")
    .action(async (bundle: string, options: SubmitOptions) => process.exit(await submit(bundle, options)));

  program
    .command("status")
    .description("a submission's state and results; without an id, your team's recent submissions")
    .argument("[submission]", "a submission id")
    .option(
      "--limit <n>",
      "how many recent submissions to list",
      (value) => Math.max(1, Number.parseInt(value, 10) || 10),
      10,
    )
    .option("--json", "print the submission (or the list) as JSON")
    .action(async (id: string | undefined, options: { json?: boolean; limit: number }) =>
      process.exit(await (id ? status(id, options) : recentSubmissions(options))),
    );

  // competitions, tracks: what there is to submit to (runner/cli/directory-commands.ts).
  addDirectoryCommands(program);
}

interface SubmitOptions {
  competition: string;
  track: string[];
  name?: string;
  team?: string;
  disclosures?: string;
  follow: boolean;
  json?: boolean;
}

async function login(options: { url: string; token?: string }): Promise<number> {
  const token = (options.token ?? (await readToken())).trim();
  if (!token)
    return fail(
      EXIT.usage,
      "No token given. Make one on your team's tokens page, then run `npx joulebench login --url <site>`.",
    );
  const credentials: Credentials = { url: options.url.replace(/\/$/, ""), token };
  let caller: {
    user: { name: string | null; email: string | null; id: string };
    team: { name: string; slug: string } | null;
  };
  try {
    caller = await apiGet(credentials, "/me");
  } catch (error) {
    return apiFailure(error);
  }
  await saveCredentials(credentials);
  const who =
    [caller.user.name, caller.user.email && `<${caller.user.email}>`].filter(Boolean).join(" ") || caller.user.id;
  const team = caller.team ? ` for team ${caller.team.name} (${caller.team.slug})` : "";
  process.stderr.write(
    `Logged in to ${credentials.url} as ${who}${team}. The token is stored in ${credentialsPath()} (mode 600).\n`,
  );
  return EXIT.ok;
}

async function submit(bundle: string, options: SubmitOptions): Promise<number> {
  const credentials = await loadCredentials();
  if (!credentials)
    return fail(
      EXIT.auth,
      "Not logged in: run `npx joulebench login --url <site>` with a token from your team's tokens page.",
    );
  if (!existsSync(bundle)) return fail(EXIT.usage, `No such file: ${bundle}`);
  // Track references first (an id, or a profile or title only one track has), then the bundle checked against
  // each named track's task with the site's own check, before any byte is uploaded.
  let trackIds: string[];
  try {
    const tracks = await fetchTracks(credentials, options.competition);
    const resolved = options.track.map((reference) => resolveTrackReference(tracks, reference));
    const problem = resolved.find((resolution) => !resolution.ok);
    if (problem && !problem.ok) return fail(EXIT.usage, problem.message);
    trackIds = resolved.flatMap((resolution) => (resolution.ok ? [resolution.track.id] : []));
  } catch (error) {
    return apiFailure(error);
  }
  let tracks: TrackTaskJson[];
  try {
    const base = `/competitions/${encodeURIComponent(options.competition)}/tracks`;
    tracks = await Promise.all(
      trackIds.map((id) => apiGet<TrackTaskJson>(credentials, `${base}/${encodeURIComponent(id)}/task`)),
    );
  } catch (error) {
    return apiFailure(error);
  }
  // As the site decides (lib/data/submissions.ts): a multi-task track among those named means a multi-task bundle,
  // checked against that track's tasks.
  const benchmarkTrack = tracks.find((track) => track.benchmarkTasks.length > 0);
  const problem = benchmarkTrack
    ? await preflightBenchmarkBundle(bundle, benchmarkTrack.benchmarkTasks)
    : await preflightBundle(
        bundle,
        tracks.map((track) => track.task),
      );
  if (problem) return fail(EXIT.refused, `The bundle would be refused [${problem.code}]: ${problem.message}`);

  let disclosures: unknown;
  if (options.disclosures) {
    try {
      disclosures = JSON.parse(await readFile(options.disclosures, "utf8"));
    } catch (error) {
      return fail(EXIT.usage, `Cannot read the disclosures file ${options.disclosures}: ${(error as Error).message}`);
    }
  }
  const metadata = { name: options.name ?? path.basename(bundle), trackIds, teamId: options.team, disclosures };
  const bar = options.json || !process.stderr.isTTY ? null : createProgressBar(process.stderr);
  let accepted: SubmitResponseJson;
  try {
    accepted = await uploadBundle(credentials, options.competition, metadata, bundle, (sent, total) =>
      bar?.update(sent / total, "uploading"),
    );
  } catch (error) {
    bar?.finish();
    return apiFailure(error);
  }
  bar?.finish();
  const ids = accepted.submissions.map((submission) => submission.id);
  if (!options.json) {
    for (const submission of accepted.submissions)
      process.stderr.write(`Submitted: ${credentials.url}${submission.url}\n`);
  }
  if (!options.follow) {
    if (options.json) process.stdout.write(`${JSON.stringify(accepted)}\n`);
    return EXIT.ok;
  }
  let worst: number = EXIT.ok;
  for (const id of ids) {
    try {
      const final = await followSubmission(credentials, id, { json: Boolean(options.json) });
      worst = Math.max(worst, exitFor(final));
    } catch (error) {
      return apiFailure(error);
    }
  }
  return worst;
}

async function status(id: string, options: { json?: boolean }): Promise<number> {
  const credentials = await loadCredentials();
  if (!credentials) return fail(EXIT.auth, "Not logged in: run `npx joulebench login --url <site>`.");
  try {
    const view = await apiGet<SubmissionJson>(credentials, `/submissions/${encodeURIComponent(id)}`);
    if (options.json) process.stdout.write(`${JSON.stringify(view)}\n`);
    else printSubmission(view, process.stdout);
    return exitFor(view);
  } catch (error) {
    return apiFailure(error);
  }
}

async function recentSubmissions(options: { json?: boolean; limit: number }): Promise<number> {
  const credentials = await loadCredentials();
  if (!credentials) return fail(EXIT.auth, "Not logged in: run `npx joulebench login --url <site>`.");
  try {
    const { submissions } = await apiGet<{ submissions: SubmissionRow[] }>(credentials, "/submissions");
    if (options.json) process.stdout.write(`${JSON.stringify({ submissions: submissions.slice(0, options.limit) })}\n`);
    else process.stdout.write(formatRecentSubmissions(submissions, options.limit));
    return EXIT.ok;
  } catch (error) {
    return apiFailure(error);
  }
}

export function exitFor(view: SubmissionJson): number {
  const state = view.evaluation?.state;
  if (state === "finished") return EXIT.ok;
  if (state === "failed" || state === "cancelled") return EXIT.failed;
  return EXIT.pending;
}

function apiFailure(error: unknown): number {
  if (!(error instanceof ApiError)) throw error;
  const { failure, status } = error;
  const details = failure.details?.length ? `\n  - ${failure.details.join("\n  - ")}` : "";
  process.stderr.write(
    `Refused [${failure.code}${failure.reason ? `/${failure.reason}` : ""}]: ${failure.message}${details}\n`,
  );
  if (status === 0) return EXIT.network;
  if (status === 401) return EXIT.auth;
  return EXIT.refused;
}

function fail(code: number, message: string): number {
  process.stderr.write(`${message}\n`);
  return code;
}

async function readToken(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
  return readHiddenLine("Paste your API token (it is not shown): ", process.stdin, process.stderr);
}
