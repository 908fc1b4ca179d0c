/**
 * `npm run competition -- export <slug> <file.zip>` and `npm run competition -- import <file.zip>`: a whole
 * competition as one file, to version it or recreate it on another site (lib/competition-bundle). The command
 * line's export includes the hidden test data of uploaded tasks (its authority is shell access to the server,
 * as for `npm run admin`); the web export leaves it out.
 */
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { eq } from "drizzle-orm";
import { createDatabaseClient } from "../db/client";
import { competitions } from "../db/schema";
import { buildCompetitionFile } from "../lib/competition-bundle/export";
import { importCompetitionFile } from "../lib/competition-bundle/import";
import { artifactStoreFromEnvironment } from "../lib/storage";
import { runDatabaseCommand } from "./database-command";

const USAGE = `Usage:
  npm run competition -- export <slug> <file.zip>   write the competition, with all its data files, to a zip
  npm run competition -- import <file.zip>          create a competition from such a zip`;

type Command = { name: "export"; slug: string; file: string } | { name: "import"; file: string };

function parseArguments(args: string[]): Command | undefined {
  const [name, first, second, ...rest] = args;
  if (rest.length > 0) return undefined;
  if (name === "export" && first && second) return { name, slug: first, file: second };
  if (name === "import" && first && second === undefined) return { name, file: first };
  return undefined;
}

async function run(command: Command, databaseUrl: string): Promise<void> {
  const client = createDatabaseClient(databaseUrl, { max: 2 });
  const store = artifactStoreFromEnvironment();
  try {
    if (command.name === "export") {
      const [competition] = await client.db
        .select({ id: competitions.id })
        .from(competitions)
        .where(eq(competitions.slug, command.slug));
      if (!competition) throw new Error(`There is no competition "${command.slug}".`);
      await pipeline(
        await buildCompetitionFile(client.db, store, competition.id, { includeHiddenTestData: true }),
        createWriteStream(command.file),
      );
      console.log(`Wrote ${command.file}. It holds the hidden test labels of uploaded tasks: keep it private.`);
    } else {
      const created = await importCompetitionFile(client.db, store, command.file, { createdBy: null });
      console.log(`Imported the competition "${created.slug}". Name its organizers on /organize/${created.slug}.`);
    }
  } finally {
    await client.close();
  }
}

// A bad zip or file is as much the user's to fix as a refused import: every Error is reported in one line.
await runDatabaseCommand(parseArguments(process.argv.slice(2)), USAGE, run, (error) => error instanceof Error);
