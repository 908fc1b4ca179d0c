/**
 * A stand-in launcher for own-session.test.ts: runs in its own session like ops/start.ts, with one child that
 * stands in for the embedded PostgreSQL and writes down every signal it receives. Every event is appended to
 * the file named by the first argument.
 */
import { spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { runInOwnSession } from "../../ops/own-session";
import { onShutdownSignal } from "../../ops/shutdown";

const journal = process.argv[2];
if (!journal) throw new Error("usage: session-fixture.ts <journal file>");
const note = (line: string) => appendFileSync(journal, `${line}\n`);

await runInOwnSession(async () => {
  const database = spawn(
    process.execPath,
    [
      "-e",
      `const fs = require("node:fs");
       for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
         process.on(signal, () => { fs.appendFileSync(${JSON.stringify(journal)}, "database got " + signal + "\\n"); process.exit(0); });
       }
       fs.appendFileSync(${JSON.stringify(journal)}, "ready\\n");
       setInterval(() => {}, 1000);`,
    ],
    { stdio: "ignore" },
  );
  onShutdownSignal((signal) => {
    note(`launcher got ${signal}`);
    database.once("exit", () => {
      note("database stopped");
      process.exit(0);
    });
    // As the real launcher does: the other children first, the database after them.
    setTimeout(() => database.kill("SIGTERM"), 200);
  });
  // "ready" is written by the stand-in itself once its handlers are in place: noted at spawn, a loaded machine
  // could deliver the SIGTERM before the handlers existed and the signal would go unrecorded.
});
