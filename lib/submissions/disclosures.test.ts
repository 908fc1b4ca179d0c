import { describe, expect, it } from "vitest";
import { appErrorFrom } from "../../test-support/app-error";
import { parseDisclosures } from "./disclosures";

const failing = (input: unknown) => appErrorFrom(Promise.resolve().then(() => parseDisclosures(input)));

describe("show-your-work disclosures", () => {
  it("keeps what was given and parses the trials CSV into scores", () => {
    const parsed = parseDisclosures({
      trainingGpuHours: 12.5,
      trainingHardware: "1x A100",
      methods: ["distillation", "quantization"],
      codeUrl: "https://example.com/code",
      trialsCsv: "lr,dropout,Validation_Score\n0.001,0.1,0.81\n0.0003,0.2,0.84\n",
    });
    expect(parsed).toMatchObject({
      trainingGpuHours: 12.5,
      methods: ["distillation", "quantization"],
      codeUrl: "https://example.com/code",
    });
    expect(parsed.trials).toMatchObject({
      scoreColumn: "validation_score",
      validationScores: [0.81, 0.84],
      rows: [{ lr: "0.001" }, { lr: "0.0003" }],
    });
    expect(parseDisclosures(undefined)).toEqual({});
  });

  it("says which field or row is wrong", async () => {
    expect((await failing({ trainingGpuHours: -1 })).message).toContain("trainingGpuHours");
    expect((await failing({ codeUrl: "javascript:alert(1)" })).message).toContain("codeUrl");
    expect((await failing({ favouriteColour: "green" })).code).toBe("VALIDATION_FAILED");
    expect((await failing({ trialsCsv: "lr,loss\n0.1,2\n" })).message).toContain("validation_score");
    expect((await failing({ trialsCsv: "lr,score\n0.1,high\n" })).message).toContain("row 2");
    expect((await failing({ trialsCsv: "lr,score\n" })).message).toContain("at least one trial");
  });
});
