/**
 * s3rver in a process of its own for the storage benchmark, so that the server's memory is not counted as the
 * uploader's. Prints one JSON line with the store's environment variables, then serves until stdin closes.
 */
import { startLocalS3Server } from "../../../test-support/storage/local-s3-server";

const server = await startLocalS3Server("joulebench-bench");
process.stdout.write(`${JSON.stringify(server.environment)}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void server.stop().then(() => process.exit(0));
});
