import { describe, expect, it } from "vitest";
import { BundleError } from "../../lib/bundle/bundle-error";
import { DatasetError } from "../../lib/tasks/dataset-error";
import { EvaluationError } from "../evaluate/evaluation-error";
import { classifyFailure } from "./failure-kind";

describe("classifyFailure", () => {
  it("blames the model for what would fail the same on any runner", () => {
    for (const error of [
      new EvaluationError("MEMORY_LIMIT", "too big"),
      new EvaluationError("TIMEOUT", "too slow"),
      new EvaluationError("CHILD_CRASHED", "crashed"),
      new EvaluationError("MANIFEST_MISMATCH", "wrong"),
      new BundleError("MALFORMED_ZIP", "not a zip"),
    ]) {
      expect(classifyFailure(error)).toEqual({ kind: "model", code: error.code, message: error.message });
    }
  });

  it("blames the runner for hosts, datasets, artifacts and our own bugs, hiding our bugs' details", () => {
    expect(classifyFailure(new EvaluationError("SANDBOX_UNAVAILABLE", "no bwrap")).kind).toBe("runner");
    expect(classifyFailure(new EvaluationError("PROFILE_UNAVAILABLE", "no GPU")).kind).toBe("runner");
    expect(classifyFailure(new EvaluationError("ARTIFACT_MISSING", "gone")).kind).toBe("runner");
    expect(classifyFailure(new EvaluationError("STORAGE_UNAVAILABLE", "storage down")).kind).toBe("runner");
    expect(classifyFailure(new EvaluationError("CHECKSUM_MISMATCH", "changed in storage")).kind).toBe("runner");
    expect(classifyFailure(new DatasetError("DATASET_FILE_MISSING", "where?"))).toEqual({
      kind: "runner",
      code: "DATASET_FILE_MISSING",
      message: "where?",
    });
    const internal = classifyFailure(new TypeError("cannot read /srv/secret/path"));
    expect(internal).toMatchObject({ kind: "runner", code: "INTERNAL" });
    expect(internal.message).not.toContain("/srv/secret");
  });
});
