import { mkdtempSync } from "node:fs";
import { mkdir, readdir, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { appErrorFrom } from "../../test-support/app-error";
import { artifactStoreFromEnvironment, localStorageRoot } from "./index";
import { LocalArtifactStore } from "./local-store";
import { describeArtifactStoreContract, endlessBody, failingBody } from "../../test-support/storage/store-contract";

const root = mkdtempSync(path.join(os.tmpdir(), "joulebench-local-store-"));
afterAll(() => rm(root, { recursive: true, force: true }));

describeArtifactStoreContract("local folder", () => new LocalArtifactStore(root));

describe("local folder store", () => {
  it("keeps files at <root>/<key>, the layout existing artifact paths use", async () => {
    const store = new LocalArtifactStore(root);
    await store.put("layout/a/b.txt", Readable.from([Buffer.from("b")]));
    expect(await readdir(path.join(root, "layout", "a"))).toEqual(["b.txt"]);
    expect(store.pathFor("layout/a/b.txt")).toBe(path.join(root, "layout", "a", "b.txt"));
  });

  it("leaves no partial file behind after a refused or failed upload", async () => {
    const store = new LocalArtifactStore(path.join(root, "partials"));
    await expect(store.put("x/too-large", endlessBody().body, { maxBytes: 1024 })).rejects.toThrow();
    await expect(store.put("x/failed", failingBody(4096))).rejects.toThrow();
    expect(await readdir(path.join(root, "partials", ".partial"))).toEqual([]);
  });

  it("removes, on its first upload, partial files that a crashed process left more than a day ago", async () => {
    const folder = path.join(root, "crashed", ".partial");
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, "old.part"), "cut off by a crash");
    await writeFile(path.join(folder, "recent.part"), "another process is writing this");
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await utimes(path.join(folder, "old.part"), twoDaysAgo, twoDaysAgo);
    await new LocalArtifactStore(path.join(root, "crashed")).put("x/new.bin", Readable.from([Buffer.from("new")]));
    expect(await readdir(folder)).toEqual(["recent.part"]);
  });

  it("says NOT_FOUND for a folder at the key", async () => {
    await mkdir(path.join(root, "folder", "inside"), { recursive: true });
    await writeFile(path.join(root, "folder", "inside", "file"), "x");
    const store = new LocalArtifactStore(root);
    expect((await appErrorFrom(store.get("folder/inside"))).code).toBe("NOT_FOUND");
    expect(await store.exists("folder/inside")).toBe(false);
  });

  it("is the default store, under <data dir>/storage", () => {
    const store = artifactStoreFromEnvironment({
      ...process.env,
      JOULEBENCH_STORAGE: "local",
      JOULEBENCH_DATA_DIR: root,
    });
    expect(store).toBeInstanceOf(LocalArtifactStore);
    expect((store as LocalArtifactStore).root).toBe(path.join(root, "storage"));
    expect(localStorageRoot({ JOULEBENCH_DATA_DIR: root })).toBe(path.join(root, "storage"));
  });

  it("gives one store per configuration, so a process reuses it (and an S3 client's connections)", () => {
    const environment = { ...process.env, JOULEBENCH_STORAGE: "local" as const, JOULEBENCH_DATA_DIR: root };
    expect(artifactStoreFromEnvironment(environment)).toBe(artifactStoreFromEnvironment({ ...environment }));
    expect(artifactStoreFromEnvironment({ ...environment, JOULEBENCH_DATA_DIR: path.join(root, "other") })).not.toBe(
      artifactStoreFromEnvironment(environment),
    );
  });
});
