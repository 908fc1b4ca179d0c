import { mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appErrorFrom } from "../../test-support/app-error";
import { artifactStoreFromEnvironment } from "./index";
import { S3ArtifactStore } from "./s3-store";
import { startCuttableProxy } from "../../test-support/storage/cuttable-proxy";
import { startLocalS3Server, type LocalS3Server } from "../../test-support/storage/local-s3-server";
import { describeArtifactStoreContract, patternedBytes, sha256Of } from "../../test-support/storage/store-contract";

let server: LocalS3Server;
beforeAll(async () => {
  server = await startLocalS3Server();
});
afterAll(async () => {
  await server?.stop();
});

describeArtifactStoreContract("S3-compatible bucket", () => server.openStore());

describe("S3-compatible store", () => {
  it("is chosen by JOULEBENCH_STORAGE=s3, and keeps keys under JOULEBENCH_S3_PREFIX", async () => {
    const store = artifactStoreFromEnvironment({
      ...process.env,
      ...server.environment,
      JOULEBENCH_S3_PREFIX: "site-a/",
    });
    expect(store).toBeInstanceOf(S3ArtifactStore);
    await store.put("prefixed/file.txt", Readable.from([Buffer.from("in a folder")]));
    const unprefixed = server.openStore();
    expect(await unprefixed.exists("site-a/prefixed/file.txt")).toBe(true);
    expect(await unprefixed.exists("prefixed/file.txt")).toBe(false);
  });

  it("refuses an S3 configuration without a bucket, or with half the credentials", () => {
    expect(() =>
      artifactStoreFromEnvironment({ ...process.env, JOULEBENCH_STORAGE: "s3", JOULEBENCH_S3_BUCKET: "" }),
    ).toThrow(/JOULEBENCH_S3_BUCKET/);
    expect(() =>
      artifactStoreFromEnvironment({ ...process.env, ...server.environment, JOULEBENCH_S3_SECRET_ACCESS_KEY: "" }),
    ).toThrow(/both/);
  });

  it("uploads a body of many parts (multipart) and reads it back intact", async () => {
    const bytes = patternedBytes(23 * 1024 * 1024 + 7, 11);
    const store = server.openStore();
    const stored = await store.put("multipart/bundle.zip", Readable.from(chunksOf(bytes, 256 * 1024)));
    expect(stored.sha256).toBe(sha256Of(bytes));
    expect(stored.sizeBytes).toBe(bytes.length);
  });

  it("says STORAGE_UNAVAILABLE when the server does not answer, for every operation", async () => {
    const closed = await closedPort();
    const store = server.openStore({ endpoint: `http://127.0.0.1:${closed}`, maxAttempts: 1 });
    const operations = [
      () => store.put("down/a.zip", Readable.from([Buffer.from("x")])),
      () => store.get("down/a.zip"),
      () => store.download("down/a.zip", "/nonexistent/never-written"),
      () => store.exists("down/a.zip"),
      () => store.delete("down/a.zip"),
    ];
    for (const operation of operations) {
      const error = await appErrorFrom(operation());
      expect(error.code).toBe("STORAGE_UNAVAILABLE");
      expect(error.message).not.toContain("127.0.0.1");
    }
  });

  it("keeps nothing of an upload whose storage goes down part-way, and says STORAGE_UNAVAILABLE", async () => {
    const proxy = await startCuttableProxy(Number(new URL(server.endpoint).port));
    const store = server.openStore({ endpoint: `http://127.0.0.1:${proxy.port}`, maxAttempts: 1 });
    let pulled = 0;
    const chunk = patternedBytes(1024 * 1024, 13);
    async function* slowBody() {
      for (let index = 0; index < 64; index += 1) {
        pulled += 1;
        // The storage host goes away after 12 MiB: two parts sent, more on the way.
        if (pulled === 13) await proxy.cut();
        yield chunk;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const error = await appErrorFrom(store.put("cut/bundle.zip", slowBody()));
    expect(error.code).toBe("STORAGE_UNAVAILABLE");
    expect(pulled).toBeLessThan(64);
    expect(await server.openStore().exists("cut/bundle.zip")).toBe(false);
  });

  it("keeps no partial copy of a download whose storage goes down part-way, and says STORAGE_UNAVAILABLE", async () => {
    const bytes = patternedBytes(12 * 1024 * 1024, 17);
    await server.openStore().put("cut/download.zip", Readable.from([bytes]));
    const proxy = await startCuttableProxy(Number(new URL(server.endpoint).port), {
      cutAfterResponseBytes: 2 * 1024 * 1024,
    });
    const store = server.openStore({ endpoint: `http://127.0.0.1:${proxy.port}`, maxAttempts: 1 });
    const folder = await mkdtemp(path.join(os.tmpdir(), "joulebench-cut-download-"));
    try {
      const error = await appErrorFrom(
        store.download("cut/download.zip", path.join(folder, "bundle.zip"), sha256Of(bytes)),
      );
      expect(error.code).toBe("STORAGE_UNAVAILABLE");
      expect(await readdir(folder)).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("says STORAGE_UNAVAILABLE, not NOT_FOUND, when the bucket does not exist", async () => {
    const store = server.openStore({ bucket: "no-such-bucket", maxAttempts: 1 });
    expect((await appErrorFrom(store.get("any/key"))).code).toBe("STORAGE_UNAVAILABLE");
    expect((await appErrorFrom(store.put("any/key", Readable.from([Buffer.from("x")])))).code).toBe(
      "STORAGE_UNAVAILABLE",
    );
  });
});

function* chunksOf(bytes: Buffer, size: number) {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

/** A port that was free a moment ago and has nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe: Server = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}
