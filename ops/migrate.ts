/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
import { loadDotEnv, openMigratedDatabaseOrExit } from "./prepare";
import { stopDatabaseServer } from "./shutdown";

loadDotEnv();
const database = await openMigratedDatabaseOrExit();
console.log("Migrations are up to date.");
await stopDatabaseServer(database);
process.exit(0);
