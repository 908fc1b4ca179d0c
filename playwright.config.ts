import { defineConfig } from "@playwright/test";
import { chromiumPath } from "./e2e/chromium-path";

const port = Number(process.env.E2E_PORT ?? 3100);
// The browser must use the same host as the site's AUTH_URL (e2e/serve.ts), or sign-in cookies land on the other one.
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "./e2e",
  testMatch: "**/*.spec.ts",
  // One server, one database: the flows sign users in and out, so they run one after another.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      // Flags for a closed network (no background fetches Chromium would make) and a root user (CI runs as root).
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "npx tsx e2e/serve.ts",
    url: `${baseURL}/api/health`,
    // The first run builds the production app, which takes a few minutes on 2 cores.
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(port) },
  },
});
