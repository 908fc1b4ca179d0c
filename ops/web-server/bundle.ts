/**
 * Compiles the production web server (./main.ts and the few modules of lib/ and db/ it uses) into one JavaScript
 * file under .next/, which node runs without a TypeScript loader: under tsx, Next.js's own per-request module
 * lookups went through tsx's resolver, and every stack trace through source maps. Packages stay outside the
 * file and load from node_modules. Takes well under a second, so it runs on every start.
 */
import path from "node:path";
import { build } from "esbuild";

export const WEB_SERVER_BUNDLE = path.join(".next", "joulebench-web-server.mjs");

export async function bundleWebServer(root: string): Promise<string> {
  const outfile = path.join(root, WEB_SERVER_BUNDLE);
  await build({
    entryPoints: [path.join(root, "ops", "web-server", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  return outfile;
}
