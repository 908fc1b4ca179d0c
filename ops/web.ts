/** `npm run web`: only the web app (for a deployment whose runners live on other machines). */
import { launch } from "./launch";
import { runInOwnSession } from "./own-session";

await runInOwnSession(() => launch({ dev: process.argv.includes("--dev"), runner: false }));
