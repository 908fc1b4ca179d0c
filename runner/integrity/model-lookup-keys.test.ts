/** The keys read from an untrusted model: large integers are counted and streamed, never copied out. */
import { describe, expect, it } from "vitest";
import { graph, model, node, tensor, valueInfo } from "../../lib/onnx/graph-builder";
import { decodeModel } from "../../lib/onnx/introspect";
import { modelLookupKeys } from "./model-lookup-keys";

function intModel(values: BigInt64Array, storage: "raw" | "typed" = "raw") {
  return decodeModel(
    model({
      graph: graph({
        inputs: [valueInfo("x", "int64", [values.length])],
        outputs: [valueInfo("y", "int64", [values.length])],
        initializers: [tensor("table", [values.length], values, { storage })],
        nodes: [node("Add", ["x", "table"], ["y"])],
      }),
    }),
  );
}

describe("modelLookupKeys", () => {
  it("keeps integers of magnitude 2^20 and more, exactly (64-bit values past 2^53 too), and leaves out 'no limit' sentinels", () => {
    const values = new BigInt64Array([
      5n,
      -7n,
      1n << 20n,
      -(1n << 20n),
      (1n << 62n) + 1n,
      -((1n << 61n) + 3n),
      2n ** 63n - 1n,
      -(2n ** 63n),
      2n ** 31n - 1n,
    ]);
    for (const storage of ["raw", "typed"] as const) {
      const keys = modelLookupKeys(intModel(values, storage), null);
      expect([...keys.largeIntegers.values()]).toEqual([
        1n << 20n,
        -(1n << 20n),
        (1n << 62n) + 1n,
        -((1n << 61n) + 3n),
      ]);
      expect(keys.largeIntegers.count).toBe(4);
    }
  });

  it("reads an attribute's int list exactly", () => {
    const bytes = model({
      opsets: [
        { domain: "", version: 17 },
        { domain: "ai.onnx.ml", version: 3 },
      ],
      graph: graph({
        inputs: [valueInfo("x", "int64", [null])],
        outputs: [valueInfo("y", "int64", [null])],
        nodes: [
          node(
            "LabelEncoder",
            ["x"],
            ["y"],
            { keys_int64s: [3, 4_000_000_000, -5_000_000], values_int64s: [1, 0, 1] },
            "ai.onnx.ml",
          ),
        ],
      }),
    });
    expect([...modelLookupKeys(decodeModel(bytes), null).largeIntegers.values()]).toEqual([
      4_000_000_000n,
      -5_000_000n,
    ]);
  });

  it("does not copy millions of stored integers out of the model", () => {
    const count = 4_000_000;
    const values = new BigInt64Array(count);
    for (let i = 0; i < count; i++) values[i] = BigInt(i) * 7_919_000_003n + (1n << 40n);
    const decoded = intModel(values);
    const before = process.memoryUsage().heapUsed;
    const keys = modelLookupKeys(decoded, null);
    const grownMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    expect(keys.largeIntegers.count).toBe(count);
    // A copy as BigInts would hold well over 100 MB; a scan holds nothing per value.
    expect(grownMb).toBeLessThan(32);
  });
});
