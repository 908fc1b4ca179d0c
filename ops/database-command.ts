/**
 * The frame of a one-shot command on the database (`npm run admin`, `npm run competition`): the usage and exit 2
 * for arguments it cannot parse (before the database is touched), then the migrated database, the work, one line
 * and exit 1 for a failure the user can act on, and the database stopped whatever happened.
 */
import { isAppError } from "../lib/errors";
import { loadDotEnv, openMigratedDatabaseOrExit } from "./prepare";
import { stopDatabaseServer } from "./shutdown";

export async function runDatabaseCommand<Command>(
  command: Command | undefined,
  usage: string,
  work: (command: Command, databaseUrl: string) => Promise<void>,
  /** Which errors are the user's to fix (printed in one line); anything else is a crash with its stack. */
  isUserError: (error: unknown) => boolean = isAppError,
): Promise<never> {
  if (command === undefined) {
    console.error(usage);
    process.exit(2);
  }
  loadDotEnv();
  const database = await openMigratedDatabaseOrExit();
  let exitCode = 0;
  try {
    await work(command, database.url);
  } catch (error) {
    if (!isUserError(error)) throw error;
    console.error((error as Error).message);
    exitCode = 1;
  } finally {
    await stopDatabaseServer(database);
  }
  process.exit(exitCode);
}
