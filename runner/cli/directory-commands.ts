/**
 * `joulebench competitions` and `joulebench tracks <competition>`: what there is to submit to, with the track ids
 * and hardware profiles `submit --track` takes. They work before login too (as a visitor, public competitions only).
 */
import type { Command } from "commander";
import { ApiError, apiGet } from "./api-client";
import { loadCredentials } from "./credentials";
import { formatCompetitions, formatTracks, type CompetitionRow, type TrackRow } from "./print-lists";

const DEFAULT_URL = "http://localhost:3000";

export function addDirectoryCommands(program: Command): void {
  program
    .command("competitions")
    .description("list the competitions you can see")
    .option("--url <url>", "the Joulebench site (default: the one you logged in to)")
    .option("--json", "print the list as JSON")
    .action(async (options: { url?: string; json?: boolean }) => {
      process.exit(
        await listing(options, async (connection) => {
          const { competitions } = await apiGet<{ competitions: CompetitionRow[] }>(connection, "/competitions");
          return options.json ? { competitions } : formatCompetitions(competitions);
        }),
      );
    });

  program
    .command("tracks")
    .description("list a competition's tracks: ids, hardware profiles, metrics, and whether a runner serves them")
    .argument("<competition>", "the competition's slug (see `joulebench competitions`)")
    .option("--url <url>", "the Joulebench site (default: the one you logged in to)")
    .option("--json", "print the list as JSON")
    .action(async (competition: string, options: { url?: string; json?: boolean }) => {
      process.exit(
        await listing(options, async (connection) => {
          const tracks = await fetchTracks(connection, competition);
          return options.json ? { tracks } : formatTracks(competition, tracks);
        }),
      );
    });
}

export async function fetchTracks(
  connection: { url: string; token: string },
  competitionSlug: string,
): Promise<TrackRow[]> {
  return (
    await apiGet<{ tracks: TrackRow[] }>(connection, `/competitions/${encodeURIComponent(competitionSlug)}/tracks`)
  ).tracks;
}

async function listing(
  options: { url?: string; json?: boolean },
  produce: (connection: { url: string; token: string }) => Promise<string | object>,
): Promise<number> {
  const stored = await loadCredentials();
  // A different site than the stored one gets no token: it is that site's secret, not this one's.
  const url = (options.url ?? stored?.url ?? DEFAULT_URL).replace(/\/$/, "");
  const connection = { url, token: stored && stored.url === url ? stored.token : "" };
  try {
    const output = await produce(connection);
    process.stdout.write(typeof output === "string" ? output : `${JSON.stringify(output)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    process.stderr.write(`Refused [${error.failure.code}]: ${error.failure.message}\n`);
    // The same codes as the other commands: 4 a bad token, 5 no connection, 3 anything the site refused.
    return error.status === 0 ? 5 : error.status === 401 ? 4 : 3;
  }
}
