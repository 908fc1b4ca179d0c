/**
 * The production web server: Next.js's request handler (the same as `next start`'s) behind the page cache for
 * signed-out visitors (./page-cache.ts) and the one-time compression of the board exports (./compress-once.ts).
 * Run as the bundle ./bundle.ts makes, by node itself. Started by the launchers (../web-app.ts) with `--port`; the database and
 * the rest come from the environment they prepared. `JOULEBENCH_PAGE_CACHE=0` turns the cache off.
 */
import { createServer } from "node:http";
import next from "next";
import { createDatabaseClient } from "../../db/client";
import { readEnvironment } from "../../lib/env";
import { CompressOnce } from "./compress-once";
import { contentStampReader } from "./content-stamp";
import { PageCache } from "./page-cache";

// Run from the project's root (the launcher sets it), as a bundle under .next/ (./bundle.ts).
const root = process.cwd();
const portIndex = process.argv.indexOf("--port");
const port = Number(portIndex >= 0 ? process.argv[portIndex + 1] : Number.NaN);
if (!Number.isInteger(port) || port <= 0) throw new Error("usage: ops/web-server/main.ts --port <port>");
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is not set: start the web server with `npm start` or `npm run web`");

const app = next({ dev: false, dir: root, port });
const handle = app.getRequestHandler();
await app.prepare();

// One connection: the stamp query is tiny and concurrent requests share it.
const stampClient = createDatabaseClient(databaseUrl, { max: 1 });
const cache =
  readEnvironment().JOULEBENCH_PAGE_CACHE === "1"
    ? new PageCache({ readStamp: contentStampReader(stampClient.sql) })
    : null;

const compressOnce = new CompressOnce();

const server = createServer((request, response) => {
  const render = () => handle(request, response);
  const compressed = () => (compressOnce.takes(request) ? compressOnce.handle(request, response, render) : render());
  (cache ? cache.handle(request, response, compressed) : compressed()).catch((error: unknown) => {
    console.error("request failed:", error);
    if (!response.headersSent) response.statusCode = 500;
    if (!response.writableEnded) response.end();
  });
});
// Every interface, as `next start` listens.
server.listen(port, () => {
  console.log(`Web server listening on port ${port}${cache ? "" : " (page cache off)"}.`);
});

const stop = () => {
  server.close();
  void stampClient.close().finally(() => process.exit(0));
  // Keep-alive connections can hold close() open; the launcher waits only so long anyway.
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
