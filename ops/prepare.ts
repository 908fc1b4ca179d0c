/**
 * The steps every launcher takes before it starts anything long-lived, in the order that fails fastest:
 * environment, port, database, migrations, AUTH_SECRET. Each failure ends the process with one line that says
 * what is wrong and what to do, and a non-zero exit code.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import {
  DatabaseUnreachableError,
  dataDirectory,
  openDatabaseServer,
  type DatabaseServer,
} from "../db/database-server";
import { migrateToLatest } from "../db/migrate";
import { productionSiteUrlProblem } from "../lib/auth/site-protocol";
import { readEnvironment, type Environment } from "../lib/env";
import { loadOrCreateAuthSecret } from "./auth-secret";
import { portProblem } from "./port";
import { stopDatabaseServer, withoutForeignSignalHandlers } from "./shutdown";

export interface PreparedLaunch {
  environment: Environment;
  database: DatabaseServer;
  /** The environment for child processes: ours, plus the resolved DATABASE_URL, AUTH_SECRET and PORT. */
  childEnv: NodeJS.ProcessEnv;
}

export function exitWith(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

/**
 * `.env` in the working directory, if any; variables already set in the environment win. Next.js reads the same
 * file for the web app, so the launchers and the runner must too, or they would disagree about DATABASE_URL.
 */
export function loadDotEnv(): void {
  const file = path.resolve(".env");
  // loadEnvFile arrived in Node 20.12; on older 20.x the file is ignored, as it was before this existed.
  if (existsSync(file)) process.loadEnvFile?.(file);
}

export function readEnvironmentOrExit(): Environment {
  try {
    return readEnvironment();
  } catch (error) {
    exitWith((error as Error).message);
  }
}

/** The database server (embedded or DATABASE_URL), migrated to the latest schema. */
export async function openMigratedDatabaseOrExit(): Promise<DatabaseServer> {
  let database: DatabaseServer;
  try {
    database = await withoutForeignSignalHandlers(() => openDatabaseServer());
  } catch (error) {
    if (error instanceof DatabaseUnreachableError) exitWith(error.message);
    throw error;
  }
  console.log(describeDatabase(database));
  try {
    await migrateToLatest(database.url);
  } catch (error) {
    await stopDatabaseServer(database);
    exitWith(`Could not apply database migrations: ${(error as Error).message}`);
  }
  return database;
}

/** `production`: the built app (`next start`), which must not serve a public site over plain http. */
export async function prepareLaunch(options: { production?: boolean } = {}): Promise<PreparedLaunch> {
  loadDotEnv();
  const environment = readEnvironmentOrExit();
  const siteProblem = options.production ? productionSiteUrlProblem(environment) : null;
  if (siteProblem) exitWith(siteProblem);
  const problem = await portProblem(environment.PORT);
  if (problem) exitWith(problem);
  const database = await openMigratedDatabaseOrExit();
  const authSecret = environment.AUTH_SECRET ?? (await loadOrCreateAuthSecret(dataDirectory()));
  return {
    environment,
    database,
    childEnv: {
      ...process.env,
      PORT: String(environment.PORT),
      DATABASE_URL: database.url,
      AUTH_SECRET: authSecret,
    },
  };
}

/** Where the data is, without the password. */
function describeDatabase(database: DatabaseServer): string {
  if (database.embedded) return `Database: embedded PostgreSQL, data in ${path.join(dataDirectory(), "postgres")}`;
  const url = new URL(database.url);
  return `Database: PostgreSQL at ${url.hostname}:${url.port || "5432"}${url.pathname}`;
}
