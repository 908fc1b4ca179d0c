/** `npm start` (and `npm run dev` with --dev): the web app, one runner and the database in one terminal. */
import { launch } from "./launch";
import { runInOwnSession } from "./own-session";

await runInOwnSession(() => launch({ dev: process.argv.includes("--dev"), runner: true }));
