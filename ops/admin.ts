/**
 * `npm run admin -- grant <email> | revoke <email> | list`: site administrators, managed from the shell only.
 * `verify-email <email>`: marks an address verified (the first admin's, on a site that sends no mail).
 * `reset-link <email>`: prints a one-time password reset link, for a site that sends no mail.
 * Works against DATABASE_URL, or the embedded database (started for the command if Joulebench is not running).
 */
import { createDatabaseClient } from "../db/client";
import { verifyEmailByOperator } from "../lib/data/email-verification";
import { issueResetLinkByOperator } from "../lib/data/passwords";
import { listSiteAdmins, grantSiteAdmin, revokeSiteAdmin } from "../lib/data/site-admins";
import { readEnvironment } from "../lib/env";
import { operatorSiteUrl, recordedSiteAddress } from "./site-address";
import { runDatabaseCommand } from "./database-command";

const USAGE = `Usage:
  npm run admin -- grant <email>    make a signed-up user a site administrator
  npm run admin -- revoke <email>   take the right away
  npm run admin -- list             list site administrators
  npm run admin -- verify-email <email>   mark a user's email address as verified
  npm run admin -- reset-link <email>     print a one-time password reset link (valid one hour)`;

type Command = { name: "grant" | "revoke" | "verify-email" | "reset-link"; email: string } | { name: "list" };

const COMMANDS_WITH_EMAIL = new Set(["grant", "revoke", "verify-email", "reset-link"] as const);

function parseArguments(args: string[]): Command | undefined {
  const [name, email, ...rest] = args;
  if (rest.length > 0) return undefined;
  const withEmail = [...COMMANDS_WITH_EMAIL].find((command) => command === name);
  if (withEmail && email && email.includes("@")) return { name: withEmail, email };
  if (name === "list" && email === undefined) return { name };
  return undefined;
}

async function run(command: Command, databaseUrl: string): Promise<void> {
  const client = createDatabaseClient(databaseUrl, { max: 1 });
  try {
    if (command.name === "grant") {
      const { alreadyAdmin } = await grantSiteAdmin(client.db, command.email);
      console.log(alreadyAdmin ? `${command.email} already is a site admin.` : `${command.email} is now a site admin.`);
    } else if (command.name === "verify-email") {
      const { alreadyVerified } = await verifyEmailByOperator(client.db, command.email);
      console.log(alreadyVerified ? `${command.email} was already verified.` : `${command.email} is now verified.`);
    } else if (command.name === "reset-link") {
      const issued = await issueResetLinkByOperator(client.db, command.email);
      // Printed, never stored: only its hash is in the database. Give it to the user over a channel you trust.
      console.log(`Password reset link for ${issued.email}, valid once until ${issued.expiresAt.toISOString()}:`);
      // .env is loaded by now (runDatabaseCommand), so PORT and AUTH_URL from it count like the environment's.
      const base = operatorSiteUrl(readEnvironment(), Boolean(process.env.PORT?.trim()), recordedSiteAddress());
      console.log(`${base}${issued.path}`);
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

await runDatabaseCommand(parseArguments(process.argv.slice(2)), USAGE, run);
