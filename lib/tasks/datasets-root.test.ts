import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveDatasetsRoot } from "./datasets-root";

describe("resolveDatasetsRoot", () => {
  const workplace = mkdtempSync(path.join(tmpdir(), "joulebench-datasets-root-"));
  const repoRoot = path.join(workplace, "main");
  mkdirSync(repoRoot);

  it("uses .data/datasets in the repository when nothing else is there", () => {
    expect(resolveDatasetsRoot({ env: {}, repoRoot })).toBe(path.join(repoRoot, ".data/datasets"));
  });

  it("prefers ../shared/datasets when it exists", () => {
    mkdirSync(path.join(workplace, "shared/datasets"), { recursive: true });
    expect(resolveDatasetsRoot({ env: {}, repoRoot })).toBe(path.join(workplace, "shared/datasets"));
  });

  it("prefers JOULEBENCH_DATASETS_DIR over both, resolving a relative one against the repository", () => {
    expect(resolveDatasetsRoot({ env: { JOULEBENCH_DATASETS_DIR: "/srv/data" }, repoRoot })).toBe("/srv/data");
    expect(resolveDatasetsRoot({ env: { JOULEBENCH_DATASETS_DIR: "mine" }, repoRoot })).toBe(
      path.join(repoRoot, "mine"),
    );
    expect(resolveDatasetsRoot({ env: { JOULEBENCH_DATASETS_DIR: "  " }, repoRoot })).toBe(
      path.join(workplace, "shared/datasets"),
    );
  });
});
