/**
 * Test support: a real runner process (`runner/main.ts`, in its own session as `npm start` runs it) on a test
 * database, with short heartbeats so that a dead runner is noticed within seconds, and every output line handed
 * to `onLine`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { IN_SESSION_FLAG } from "../../ops/own-session";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface RunnerProcessOptions {
  databaseUrl: string;
  datasetsDir: string;
  /** The runner's own data folder (child bundle, local storage), as on a machine of its own. */
  dataDir: string;
  protocol: Record<string, unknown>;
  env?: Record<string, string>;
  onLine(line: string): void;
}

export function spawnRunnerProcess(options: RunnerProcessOptions): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "runner/main.ts", IN_SESSION_FLAG], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      RUNNER_PROFILES: "cpu-1t",
      RUNNER_HEARTBEAT_INTERVAL_MS: "200",
      RUNNER_DEAD_AFTER_MS: "1500",
      RUNNER_POLL_INTERVAL_MS: "200",
      JOULEBENCH_PROTOCOL_OVERRIDES: JSON.stringify(options.protocol),
      JOULEBENCH_DATASETS_DIR: options.datasetsDir,
      JOULEBENCH_DATA_DIR: options.dataDir,
      ...options.env,
    },
  });
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on("line", options.onLine);
  return child;
}
