import { describe, expect, it } from "vitest";
import { checkManifestAgainstGraph } from "../../lib/bundle/bundle-manifest";
import { introspectModel } from "../../lib/onnx/introspect";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { zipBundle } from "./bundle-files";
import { renderCardMarkdown } from "./card";
import { buildTinyKit, TINY_SST2_CONFIG } from "../../test-support/baselines/tiny-kit";

const EXPECTED_NAMES = [
  "sst2-bag-d16",
  "sst2-bag-d64",
  "sst2-ngram-mlp-teacher",
  "sst2-word-order-cnn",
  "sst2-bag-d16-distilled",
  "sst2-bag-d64-pruned90",
  "sst2-bag-d64-int8",
  "sst2-ngram-mlp-int8",
  "rte-overlap-logreg",
  "sms-spam-bag-bigram",
];

async function kitFiles(seed: number) {
  return Promise.all(
    buildTinyKit(seed).map(async (baseline) => ({
      name: baseline.card.name,
      zip: await zipBundle(baseline.files),
      cardJson: JSON.stringify(baseline.card),
      cardMarkdown: renderCardMarkdown(baseline.card),
    })),
  );
}

describe("the baselines kit (toy scale)", () => {
  const kit = buildTinyKit(1);
  const byName = (name: string) => {
    const found = kit.find((baseline) => baseline.card.name === name);
    if (!found) throw new Error(`no baseline ${name}`);
    return found;
  };
  const facts = (name: string) => introspectModel(byName(name).files.modelBytes, { sequenceLength: 16 });

  it("builds every baseline the issue asks for", () => {
    expect(kit.map((baseline) => baseline.card.name)).toEqual(EXPECTED_NAMES);
  });

  it("writes identical bundles and cards from the same seed, and different ones from another seed", async () => {
    const [first, second, other] = await Promise.all([kitFiles(1), kitFiles(1), kitFiles(2)]);
    first.forEach((files, index) => {
      const again = second[index]!;
      expect(again.name).toBe(files.name);
      expect(Buffer.compare(again.zip, files.zip), `${files.name}: bundle.zip differs between two builds`).toBe(0);
      expect(again.cardJson).toBe(files.cardJson);
      expect(again.cardMarkdown).toBe(files.cardMarkdown);
    });
    expect(Buffer.compare(other[0]!.zip, first[0]!.zip)).not.toBe(0);
  });

  it("gives the pruned variant the sparsity the runner's introspection finds", () => {
    const pruned = facts("sst2-bag-d64-pruned90");
    expect(pruned.sparsity).toBeGreaterThan(TINY_SST2_CONFIG.pruneFraction - 0.02);
    expect(pruned.sparsity).toBeLessThanOrEqual(TINY_SST2_CONFIG.pruneFraction);
    // Stored dense: the same parameter count and op graph as the model it was pruned from.
    const dense = facts("sst2-bag-d64");
    expect(pruned.parameters).toBe(dense.parameters);
    expect(pruned.opHistogram).toEqual(dense.opHistogram);
    expect(dense.sparsity).toBeLessThan(0.01);
    expect(byName("sst2-bag-d64-pruned90").card.nonZeroParameters).toBe(pruned.nonZeroParameters);
  });

  it("gives the int8 variants int8 weights, as the introspection reports them", () => {
    for (const name of ["sst2-bag-d64-int8", "sst2-ngram-mlp-int8"]) {
      const quantized = facts(name);
      expect(quantized.precisionMix.int8 ?? 0).toBeGreaterThan(0.9 * quantized.parameters);
      expect(quantized.opHistogram.DequantizeLinear).toBeGreaterThan(0);
      expect(byName(name).card.weightPrecision).toBe("int8");
    }
    expect(facts("sst2-bag-d64").precisionMix.int8).toBeUndefined();
    // int8 weights take a quarter of the bytes; scales, biases and protobuf framing add a little.
    expect(byName("sst2-bag-d64-int8").files.modelBytes.byteLength).toBeLessThan(
      0.3 * byName("sst2-bag-d64").files.modelBytes.byteLength + 2048,
    );
  });

  it("makes the student the teacher's junior: the same architecture as sst2-bag-d16, fewer parameters than the word-order teacher", () => {
    const student = byName("sst2-bag-d16-distilled").card;
    expect(student.parameters).toBe(byName("sst2-bag-d16").card.parameters);
    expect(student.parameters).toBeLessThan(byName("sst2-word-order-cnn").card.parameters);
    expect(facts("sst2-word-order-cnn").opHistogram.Conv).toBe(1);
    expect(student.notes.join(" ")).toMatch(/Distillation (beats|does not reliably beat|does worse)|Too few seeds/);
  });

  it("writes manifests that match their graphs and the task's labels", () => {
    for (const baseline of kit) {
      const graphFacts = introspectModel(baseline.files.modelBytes, { sequenceLength: 16 });
      const task = getTaskDefinition(baseline.card.task);
      expect(checkManifestAgainstGraph(baseline.files.manifest, graphFacts, task.labels), baseline.card.name).toEqual(
        [],
      );
    }
    expect(Object.values(byName("rte-overlap-logreg").files.manifest.inputs)).toContain("token_type_ids");
  });

  it("learns something from the toy data", () => {
    for (const baseline of kit.filter((b) => b.card.name !== "sst2-bag-d64-pruned90")) {
      expect(baseline.card.quality[0]!.accuracy, baseline.card.name).toBeGreaterThan(0.7);
    }
  });
});
