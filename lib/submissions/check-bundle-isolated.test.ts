/**
 * The site's bundle check in its child process: the same verdicts as the check run in-process (real bundles,
 * real zips), the refusals with their reasons and details, and the zip-bomb limits applied before inflating.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeZip } from "../../test-support/bundle/build-zip";
import { FIXTURE_LABELS, writeFixtureBundle } from "../../test-support/competition-fixture";
import { isBundleRejected, type BundleRejectedError } from "./bundle-rejected";
import { checkBundleForTasks } from "./check-bundle";
import { checkBundleInChildProcess } from "./check-bundle-isolated";

const task = { title: "Tiny sentiment", labels: FIXTURE_LABELS, inputFields: ["sentence"] };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "joulebench-isolated-check-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(bundlePath: string): Promise<BundleRejectedError> {
  const error: unknown = await checkBundleInChildProcess(bundlePath, [task]).then(
    () => new Error("expected a refusal"),
    (caught: unknown) => caught,
  );
  if (isBundleRejected(error)) return error;
  throw error;
}

describe("checkBundleInChildProcess", () => {
  it("accepts a valid bundle with the manifest the in-process check reads", async () => {
    const bundle = await writeFixtureBundle(path.join(dir, "valid.zip"));
    const isolated = await checkBundleInChildProcess(bundle, [task]);
    expect(isolated).toEqual(await checkBundleForTasks(bundle, [task]));
    expect(isolated.manifest.output.labels).toEqual(FIXTURE_LABELS);
  });

  it("refuses a bundle that does not fit the task with the validator's reason and every problem", async () => {
    const bundle = await writeFixtureBundle(path.join(dir, "labels.zip"), { labels: ["a", "b", "c"] });
    const error = await refusal(bundle);
    expect(error.reason).toBe("MANIFEST_MISMATCH");
    expect(error.details.length).toBeGreaterThan(0);
  });

  it("refuses a 1,000-times zip bomb from its headers, before inflating it", async () => {
    const bomb = path.join(dir, "bomb.zip");
    await writeZip(bomb, [{ name: "model.onnx", data: Buffer.alloc(64 * 1024 * 1024) }]);
    const error = await refusal(bomb);
    expect(error.reason).toBe("TOO_LARGE");
    expect(error.message).toContain("which is how zip bombs look");
  });

  it("refuses several checks at once, each with its own answer", async () => {
    const paths = await Promise.all(
      [1, 2, 3, 4].map((seed) =>
        writeFixtureBundle(path.join(dir, `many-${seed}.zip`), {
          seed,
          labels: seed % 2 ? FIXTURE_LABELS : ["x", "y", "z"],
        }),
      ),
    );
    const outcomes = await Promise.all(
      paths.map((bundle) =>
        checkBundleInChildProcess(bundle, [task]).then(
          () => "accepted",
          (error: BundleRejectedError) => error.reason,
        ),
      ),
    );
    expect(outcomes).toEqual(["accepted", "MANIFEST_MISMATCH", "accepted", "MANIFEST_MISMATCH"]);
  });
});
