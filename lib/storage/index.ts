/**
 * The artifact store this process uses, chosen by JOULEBENCH_STORAGE (lib/env.ts): the local folder
 * `<data dir>/storage` by default, or an S3-compatible bucket. The web app and the runners must agree: runners on
 * other machines need "s3" (or the same shared folder mounted at the same data dir).
 */
import path from "node:path";
import { readEnvironment, type Environment } from "../env";
import type { ArtifactStore } from "./artifact-store";
import { LocalArtifactStore } from "./local-store";
import { S3ArtifactStore } from "./s3-store";

export type { ArtifactStore, StoredArtifact } from "./artifact-store";
export { LocalArtifactStore } from "./local-store";
export { S3ArtifactStore } from "./s3-store";

// One store per configuration per process: route handlers ask on every request, and each S3 store holds a
// client with its own connection pool, which should be reused rather than rebuilt per request.
const storesByConfiguration = new Map<string, ArtifactStore>();

export function artifactStoreFromEnvironment(env: NodeJS.ProcessEnv = process.env): ArtifactStore {
  const environment = readEnvironment(env);
  const configuration = JSON.stringify(
    Object.entries(environment).filter(
      ([name]) => name === "JOULEBENCH_STORAGE" || name === "JOULEBENCH_DATA_DIR" || name.startsWith("JOULEBENCH_S3_"),
    ),
  );
  let store = storesByConfiguration.get(configuration);
  if (!store) {
    store = openStore(environment);
    storesByConfiguration.set(configuration, store);
  }
  return store;
}

function openStore(environment: Environment): ArtifactStore {
  if (environment.JOULEBENCH_STORAGE === "local") return new LocalArtifactStore(localStorageRoot(environment));
  if (!environment.JOULEBENCH_S3_BUCKET) {
    throw new Error(
      "JOULEBENCH_STORAGE=s3 needs JOULEBENCH_S3_BUCKET (and JOULEBENCH_S3_ENDPOINT for a server other than AWS).",
    );
  }
  const accessKeyId = environment.JOULEBENCH_S3_ACCESS_KEY_ID;
  const secretAccessKey = environment.JOULEBENCH_S3_SECRET_ACCESS_KEY;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error("Set both JOULEBENCH_S3_ACCESS_KEY_ID and JOULEBENCH_S3_SECRET_ACCESS_KEY, or neither.");
  }
  return new S3ArtifactStore({
    bucket: environment.JOULEBENCH_S3_BUCKET,
    endpoint: environment.JOULEBENCH_S3_ENDPOINT,
    region: environment.JOULEBENCH_S3_REGION,
    forcePathStyle: environment.JOULEBENCH_S3_FORCE_PATH_STYLE,
    prefix: environment.JOULEBENCH_S3_PREFIX,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  });
}

/** `<data dir>/storage`, the same folder db/database-server.ts's dataDirectory() holds the database in. */
export function localStorageRoot(environment: Pick<Environment, "JOULEBENCH_DATA_DIR"> = readEnvironment()): string {
  return path.resolve(environment.JOULEBENCH_DATA_DIR ?? path.join(process.cwd(), ".data"), "storage");
}
