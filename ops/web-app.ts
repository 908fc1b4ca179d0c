/**
 * The Next.js side of the launchers: build when the sources changed, run the production web server (or `next dev`), and tell
 * the user the address once the app actually answers.
 */
import path from "node:path";
import { staleBuildStamp, writeBuildStamp } from "./build-stamp";
import { supervise, type Supervised } from "./supervise";
import { bundleWebServer, WEB_SERVER_BUNDLE } from "./web-server/bundle";

const nextBinary = (root: string) => path.join(root, "node_modules", ".bin", "next");

/**
 * Runs `next build` when the build in .next/ does not match the sources; returns false when the build fails.
 * `track` receives the build process, so that a Ctrl-C during the build stops it too.
 */
export async function ensureProductionBuild(
  root: string,
  env: NodeJS.ProcessEnv,
  track: (build: Supervised) => void,
): Promise<boolean> {
  const stamp = await staleBuildStamp(root);
  if (stamp === undefined) {
    console.log("Web app build is up to date.");
    // The server is compiled on every start (well under a second): its sources are not among the build's inputs.
    await bundleWebServer(root);
    return true;
  }
  console.log("Building the web app (first start takes a minute)…");
  const startedAt = Date.now();
  const build = supervise({
    name: "build",
    command: nextBinary(root),
    args: ["build"],
    env,
    cwd: root,
    restart: false,
  });
  track(build);
  const end = await build.ended;
  if (end.reason !== "exited" || end.code !== 0) return false;
  await writeBuildStamp(root, stamp);
  // After the build, which empties .next/.
  await bundleWebServer(root);
  console.log(`Built in ${Math.round((Date.now() - startedAt) / 1000)} s.`);
  return true;
}

export function startWebApp(options: { root: string; port: number; dev: boolean; env: NodeJS.ProcessEnv }): Supervised {
  return supervise({
    name: "web",
    // Production: our own server (Next.js's handler behind the page cache, ./web-server/main.ts), compiled by
    // ensureProductionBuild and run by node itself so that signals reach it; development: `next dev`, which
    // recompiles on every change and caches nothing.
    ...(options.dev
      ? { command: nextBinary(options.root), args: ["dev", "-p", String(options.port)] }
      : {
          command: process.execPath,
          args: [WEB_SERVER_BUNDLE, "--port", String(options.port)],
        }),
    env: withPeerAddressPreload(options.root, options.env),
    cwd: options.root,
    // Not restarted: a web app that dies is a bug to see, and the launcher stops with it.
    restart: false,
  });
}

export interface HealthAnswer {
  httpStatus: number;
  body: { status?: string } & Record<string, unknown>;
}

/**
 * Polls /api/health until it answers (any HTTP status: "degraded" is an answer too), the web app ends, or the
 * time runs out (`next dev` compiles the route on the first request, hence the generous default).
 */
export async function waitForHealth(
  port: number,
  web: Supervised,
  timeoutMs = 180_000,
): Promise<HealthAnswer | undefined> {
  let ended = false;
  void web.ended.then(() => (ended = true));
  const deadline = Date.now() + timeoutMs;
  while (!ended && Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(10_000) });
      const body = (await response.json().catch(() => ({}))) as HealthAnswer["body"];
      return { httpStatus: response.status, body };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  return undefined;
}

/**
 * The web app's environment with ops/peer-address-preload.cjs required into every Node process it starts, so
 * the app knows each request's TCP peer (lib/auth/client-address.ts says why it needs it). NODE_OPTIONS the user
 * set is kept; the path is quoted, as NODE_OPTIONS allows, in case the project folder has spaces.
 */
export function withPeerAddressPreload(root: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const preload = path.join(root, "ops", "peer-address-preload.cjs");
  const require = `--require ${JSON.stringify(preload)}`;
  return { ...env, NODE_OPTIONS: env.NODE_OPTIONS ? `${env.NODE_OPTIONS} ${require}` : require };
}
