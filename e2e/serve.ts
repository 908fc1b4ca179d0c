/**
 * The server the browser tests run against: the production web app (built when stale, as `npm run web` does)
 * on a fresh database, with a real SMTP server on localhost that stores every message under .data/e2e/mail/,
 * where e2e/mailbox.ts reads them.
 */
import { spawn } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { startMailCatcher } from "../test-support/mail/mail-catcher";
import { openDatabaseServer } from "../db/database-server";
import { E2E_DATA_DIR, MAIL_DIR } from "./mailbox";

const port = Number(process.env.E2E_PORT ?? 3100);
const database = "joulebench_e2e";

async function main() {
  await rm(MAIL_DIR, { recursive: true, force: true });
  await mkdir(MAIL_DIR, { recursive: true });
  let received = 0;
  const mail = await startMailCatcher(async ({ raw }) => {
    received += 1;
    await writeFile(path.join(MAIL_DIR, `${Date.now()}-${received}.eml`), raw);
  });

  const server = await openDatabaseServer({ dataDir: path.join(E2E_DATA_DIR, "postgres"), databaseName: "postgres" });
  const admin = postgres(server.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.unsafe(`create database ${database}`);
  await admin.end();
  const databaseUrl = new URL(server.url);
  databaseUrl.pathname = `/${database}`;
  // Specs that need the command line (e.g. `npm run admin`) read the database from here.
  await writeFile(path.join(E2E_DATA_DIR, "database-url"), databaseUrl.toString());

  const web = spawn("npx", ["tsx", "ops/web.ts"], {
    stdio: "inherit",
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl.toString(),
      AUTH_URL: `http://localhost:${port}`,
      AUTH_SECRET: "e2e-only-secret-not-used-anywhere-else-0123456789",
      SMTP_URL: mail.smtpUrl,
      // Every browser-test user signs up and in from 127.0.0.1: one shared address, as behind a big NAT.
      ADDRESS_LIMIT_FACTOR: "50",
      JOULEBENCH_DATA_DIR: E2E_DATA_DIR,
    },
  });
  const stop = () => web.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  web.on("exit", async (code) => {
    await server.stop();
    process.exit(code ?? 0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
