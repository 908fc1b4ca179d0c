/**
 * The behaviour every ArtifactStore promises (lib/storage/artifact-store.ts), as one suite each backend's test
 * file runs against a real instance of itself.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appErrorFrom } from "../app-error";
import type { ArtifactStore } from "../../lib/storage/artifact-store";

const MiB = 1024 * 1024;

export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Bytes that differ from chunk to chunk, so a store that drops or repeats a chunk changes the hash. */
export function patternedBytes(size: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index += 1) bytes[index] = (index * 31 + seed * 7 + (index >> 12)) & 0xff;
  return bytes;
}

/** An endless body of 1 MiB chunks that counts how many were pulled from it. */
export function endlessBody(): { body: AsyncIterable<Uint8Array>; chunksRead: () => number } {
  let chunks = 0;
  const chunk = patternedBytes(MiB, 3);
  async function* generate() {
    for (;;) {
      chunks += 1;
      yield chunk;
    }
  }
  return { body: generate(), chunksRead: () => chunks };
}

/** A body that sends some bytes and then fails, as a dropped upload connection does. */
export function failingBody(bytesBeforeFailure: number): AsyncIterable<Uint8Array> {
  async function* generate() {
    yield patternedBytes(bytesBeforeFailure, 5);
    throw new Error("connection reset by the client");
  }
  return generate();
}

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

export function describeArtifactStoreContract(name: string, openStore: () => ArtifactStore) {
  describe(`${name}: the ArtifactStore contract`, () => {
    let store: ArtifactStore;
    let scratch: string;
    beforeAll(async () => {
      store = openStore();
      scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-store-contract-"));
    });
    afterAll(async () => {
      await rm(scratch, { recursive: true, force: true });
    });

    it("stores a stream and reads back the same bytes, with their sha256 and size", async () => {
      const bytes = patternedBytes(7 * MiB + 123);
      const stored = await store.put(
        "submissions/s1/bundle.zip",
        Readable.from([bytes.subarray(0, MiB), bytes.subarray(MiB)]),
      );
      expect(stored).toEqual({ key: "submissions/s1/bundle.zip", sha256: sha256Of(bytes), sizeBytes: bytes.length });
      expect(await store.exists("submissions/s1/bundle.zip")).toBe(true);
      expect(sha256Of(await streamToBuffer(await store.get("submissions/s1/bundle.zip")))).toBe(sha256Of(bytes));
    });

    it("stores an async iterable and an empty body", async () => {
      async function* twoChunks() {
        yield new TextEncoder().encode("hello ");
        yield new TextEncoder().encode("world");
      }
      expect((await store.put("tasks/t1/dev.tsv", twoChunks())).sizeBytes).toBe(11);
      expect((await streamToBuffer(await store.get("tasks/t1/dev.tsv"))).toString()).toBe("hello world");
      const empty = await store.put("tasks/t1/empty.tsv", Readable.from([]));
      expect(empty).toMatchObject({ sizeBytes: 0, sha256: sha256Of(new Uint8Array()) });
    });

    it("replaces what was at a key", async () => {
      await store.put("replace/me.bin", Readable.from([Buffer.from("first")]));
      await store.put("replace/me.bin", Readable.from([Buffer.from("second")]));
      expect((await streamToBuffer(await store.get("replace/me.bin"))).toString()).toBe("second");
    });

    it("refuses a body over maxBytes as soon as it crosses the limit, and keeps nothing", async () => {
      const { body, chunksRead } = endlessBody();
      const error = await appErrorFrom(store.put("too/large.zip", body, { maxBytes: 3 * MiB }));
      expect(error.code).toBe("TOO_LARGE");
      expect(error.message).toContain("3 MiB");
      // Cut off within the first megabytes past the limit (the S3 uploader reads at most one part ahead).
      expect(chunksRead()).toBeLessThanOrEqual(3 + 8);
      expect(await store.exists("too/large.zip")).toBe(false);
    });

    it("accepts a body of exactly maxBytes", async () => {
      const stored = await store.put("limit/exact.bin", Readable.from([patternedBytes(MiB)]), { maxBytes: MiB });
      expect(stored.sizeBytes).toBe(MiB);
    });

    it("keeps nothing of an upload whose body fails part-way", async () => {
      await expect(store.put("interrupted/bundle.zip", failingBody(6 * MiB))).rejects.toThrow(
        "connection reset by the client",
      );
      expect(await store.exists("interrupted/bundle.zip")).toBe(false);
      await expect(store.put("interrupted/small.zip", failingBody(10))).rejects.toThrow(
        "connection reset by the client",
      );
      expect(await store.exists("interrupted/small.zip")).toBe(false);
    });

    it("says NOT_FOUND for a key that holds nothing", async () => {
      expect((await appErrorFrom(store.get("nothing/here.zip"))).code).toBe("NOT_FOUND");
      expect((await appErrorFrom(store.download("nothing/here.zip", path.join(scratch, "x")))).code).toBe("NOT_FOUND");
      expect(await store.exists("nothing/here.zip")).toBe(false);
    });

    it("downloads to a file, checked against the expected sha256", async () => {
      const bytes = patternedBytes(2 * MiB + 5, 9);
      const { sha256 } = await store.put("download/model.zip", Readable.from([bytes]));
      const destination = path.join(scratch, "cache", "model.zip");
      await store.download("download/model.zip", destination, sha256);
      expect(sha256Of(await readFile(destination))).toBe(sha256);
      await store.download("download/model.zip", path.join(scratch, "unchecked.zip"));
      expect((await readFile(path.join(scratch, "unchecked.zip"))).length).toBe(bytes.length);
    });

    it("deletes a copy whose sha256 differs and says CHECKSUM_MISMATCH", async () => {
      await store.put("download/other.zip", Readable.from([Buffer.from("not what the database expects")]));
      const destination = path.join(scratch, "mismatch", "other.zip");
      const error = await appErrorFrom(store.download("download/other.zip", destination, "0".repeat(64)));
      expect(error.code).toBe("CHECKSUM_MISMATCH");
      expect(await readdir(path.dirname(destination))).toEqual([]);
    });

    it("deletes, and deleting nothing is not an error", async () => {
      await store.put("delete/me.bin", Readable.from([Buffer.from("x")]));
      await store.delete("delete/me.bin");
      expect(await store.exists("delete/me.bin")).toBe(false);
      await store.delete("delete/me.bin");
    });

    it.each([
      "",
      "../escape.zip",
      "a/../../escape.zip",
      "/absolute.zip",
      "a//b.zip",
      ".partial/x",
      "a\\b.zip",
      "sub/.hidden",
    ])("refuses the key %j", async (key) => {
      expect((await appErrorFrom(store.put(key, Readable.from([Buffer.from("x")])))).code).toBe("VALIDATION_FAILED");
      expect((await appErrorFrom(store.get(key))).code).toBe("VALIDATION_FAILED");
    });
  });
}
