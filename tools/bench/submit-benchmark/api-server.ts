/**
 * The web side of the submit benchmark in a process of its own, so its memory is measured apart from the
 * client's: API v1's real route handlers (test-support/api/serve-api.ts) on the benchmark's database and artifact
 * store. Prints "listening <url>" when ready.
 */
import { serveApi } from "../../../test-support/api/serve-api";

const api = await serveApi();
console.log(`listening ${api.url}`);
process.on("SIGTERM", () => {
  void api.close().then(() => process.exit(0));
});
