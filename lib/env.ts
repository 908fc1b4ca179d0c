/**
 * Every environment variable Joulebench reads, validated in one place. README.md lists the same variables;
 * `.env.example` shows them with their defaults. (db/database-server.ts reads DATABASE_URL itself because db/
 * imports nothing of ours.)
 */
import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  DATABASE_URL: optionalText,
  // Signs Auth.js cookies and tokens. The launchers generate one into .data/ when it is missing.
  AUTH_SECRET: optionalText,
  // Public base URL of the site, used in invite and magic-link emails.
  AUTH_URL: optionalText,
  AUTH_GITHUB_ID: optionalText,
  AUTH_GITHUB_SECRET: optionalText,
  // e.g. smtp://user:pass@smtp.example.com:587 ; enables magic-link sign-in and invite emails.
  SMTP_URL: optionalText,
  EMAIL_FROM: z.string().default("Joulebench <no-reply@joulebench.local>"),
  JOULEBENCH_DATA_DIR: optionalText,
  // How many reverse proxies in front of the web app append to X-Forwarded-For; the client address used by the
  // per-address throttles is the entry that many places from the right (lib/auth/client-address.ts). 0, the
  // default: no proxy, the header is the client's own words and is ignored (the TCP peer counts).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Multiplies the per-client-address sign-in and sign-up limits (lib/rate-limit/account-throttles.ts), for
  // sites where many users share one address. The per-account limit does not change.
  ADDRESS_LIMIT_FACTOR: z.coerce.number().positive().max(1000).default(1),
  // API v1's rate limits, in requests per minute; a full bucket lets twice as many through at once
  // (lib/api/api-rate-limit.ts says why these numbers). Per token: the CLI polls once a second while it follows
  // a submission, so 120 leaves room for a second terminal or a script beside it. Per address: ten tokens'
  // worth, for a lab or company behind one address. Failed tokens per address: nobody who holds a real token
  // mistypes it 10 times a minute, and one address cannot try tokens (or load the database) by the thousand.
  API_RATE_LIMIT_PER_TOKEN: z.coerce.number().int().min(1).max(1_000_000).default(120),
  API_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  API_FAILED_TOKEN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(10),
  // Folder holding the task data sets; lib/tasks/datasets-root.ts says what is used when it is unset.
  JOULEBENCH_DATASETS_DIR: optionalText,
  // Where the fetch step (ops/datasets) downloads dataset files from: a base URL or a folder holding the same
  // owner/name/commit/path tree as raw.githubusercontent.com, for air-gapped sites and tests. Unset: the
  // manifest's public host.
  JOULEBENCH_DATASETS_MIRROR: optionalText,
  // "0": `npm start` creates no demo competitions and submits no baselines (tools/demo), e.g. on a public site.
  JOULEBENCH_DEMO: z.enum(["0", "1"]).default("1"),
  // "0": the production web server renders every page, signed-out visitors' too (ops/web-server/page-cache.ts);
  // for comparing figures with and without the cache (`npm run bench:web`) or ruling it out when debugging.
  JOULEBENCH_PAGE_CACHE: z.enum(["0", "1"]).default("1"),
  // Where uploaded bundles and task data files are kept (lib/storage): "local" is <data dir>/storage on this
  // machine; "s3" is an S3-compatible bucket, for runners on other machines. Credentials left unset fall back
  // to the AWS SDK's own chain (AWS_ACCESS_KEY_ID, instance roles, ...).
  JOULEBENCH_STORAGE: z.enum(["local", "s3"]).default("local"),
  JOULEBENCH_S3_BUCKET: optionalText,
  // e.g. http://minio.internal:9000 for a self-hosted server; unset for AWS itself.
  JOULEBENCH_S3_ENDPOINT: optionalText,
  JOULEBENCH_S3_REGION: z.string().trim().min(1).default("us-east-1"),
  JOULEBENCH_S3_ACCESS_KEY_ID: optionalText,
  JOULEBENCH_S3_SECRET_ACCESS_KEY: optionalText,
  // Most self-hosted servers (MinIO, Ceph, Garage) need path-style URLs (endpoint/bucket/key).
  JOULEBENCH_S3_FORCE_PATH_STYLE: z
    .enum(["", "0", "1", "false", "true"])
    .default("")
    .transform((value) => value === "1" || value === "true"),
  // Optional folder inside the bucket, so one bucket can serve several sites.
  JOULEBENCH_S3_PREFIX: optionalText,
  // Comma-separated hardware profiles the local runner serves.
  RUNNER_PROFILES: z.string().default("cpu-1t"),
  // How often a runner writes its heartbeat, how long a silent runner is presumed dead (its job is then retried
  // elsewhere) and how often an idle runner polls its queues. Tests shorten them; see runner/main.ts.
  RUNNER_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(50).default(10_000),
  RUNNER_DEAD_AFTER_MS: z.coerce.number().int().min(200).default(30_000),
  RUNNER_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(2_000),
  // JSON object overriding the measurement protocol's knobs (runner/evaluate/measurement-protocol.ts), e.g.
  // {"blocks":2,"minDurationMs":300} for tests and local trials. Results store the protocol they used.
  JOULEBENCH_PROTOCOL_OVERRIDES: z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (!value) return undefined;
      try {
        const parsed: unknown = JSON.parse(value);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      } catch {
        // reported below
      }
      context.addIssue({ code: "custom", message: "must be a JSON object" });
      return z.NEVER;
    }),
  // "1": run submitted models without bubblewrap, on a developer's own machine only; results say unsandboxed.
  JOULEBENCH_UNSAFE_NO_SANDBOX: z
    .enum(["", "0", "1", "false", "true"])
    .default("")
    .transform((value) => value === "1" || value === "true"),
});

export type Environment = z.infer<typeof environmentSchema>;

export function readEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

export function siteUrl(env: Environment = readEnvironment()): string {
  return (env.AUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

export const githubSignInEnabled = (env: Environment = readEnvironment()) =>
  Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET);
export const emailSignInEnabled = (env: Environment = readEnvironment()) => Boolean(env.SMTP_URL);
