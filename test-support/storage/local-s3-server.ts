/**
 * A real S3-compatible HTTP server for tests (s3rver: S3's REST API over a folder), started on a free port by the
 * test that needs it and stopped by it, so the S3 backend is tested through the AWS SDK exactly as it talks to
 * AWS or MinIO. s3rver checks request signatures against its one built-in account, S3RVER / S3RVER.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { S3ArtifactStore, type S3StoreOptions } from "../../lib/storage/s3-store";

export interface LocalS3Server {
  endpoint: string;
  bucket: string;
  /** The folder s3rver keeps its buckets in. */
  directory: string;
  openStore(options?: Partial<S3StoreOptions>): S3ArtifactStore;
  /** The same store settings as environment variables, for artifactStoreFromEnvironment and child processes. */
  environment: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalS3Server(bucket = "joulebench-test"): Promise<LocalS3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), "joulebench-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  return {
    endpoint,
    bucket,
    directory,
    openStore: (options = {}) =>
      new S3ArtifactStore({ bucket, endpoint, region: "us-east-1", forcePathStyle: true, credentials, ...options }),
    environment: {
      JOULEBENCH_STORAGE: "s3",
      JOULEBENCH_S3_BUCKET: bucket,
      JOULEBENCH_S3_ENDPOINT: endpoint,
      JOULEBENCH_S3_REGION: "us-east-1",
      JOULEBENCH_S3_FORCE_PATH_STYLE: "1",
      JOULEBENCH_S3_ACCESS_KEY_ID: credentials.accessKeyId,
      JOULEBENCH_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
