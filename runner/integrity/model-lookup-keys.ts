/**
 * The values a model stores that could serve as lookup keys: every string (attribute strings and string lists,
 * string tensors in initializers and attributes) and every large integer (int32/int64/uint32/uint64 tensors and
 * int lists), in every graph and model-local function; plus the strings of the bundle's tokenizer.json (vocab
 * entries, added tokens: a tokenizer that maps a whole sentence to one token id is a lookup table too).
 *
 * This runs in the runner's own process on an untrusted file, so integers are not copied out: a model holding
 * hundreds of millions of int64 values must cost a scan, not gigabytes of BigInts. `largeIntegers` counts them
 * with plain number arithmetic and yields them one at a time.
 */
import type { onnx } from "onnx-proto";
import { elemTypeName } from "../../lib/onnx/data-types";
import { walkGraphs } from "../../lib/onnx/graph-walk";
import { int64ToNumber, isExternal } from "../../lib/onnx/tensor-values";

export interface LargeIntegers {
  /** How many stored integers (not distinct) have a magnitude of 2^20 or more. */
  count: number;
  values(): Generator<bigint>;
}

export interface ModelLookupKeys {
  strings: string[];
  /** String lists of two or more entries, in order: a text may be stored as consecutive words (an n-gram pool). */
  stringLists: string[][];
  /** Integers of magnitude 2^20 or more: a 32- or 64-bit hash is almost never smaller, a shape or axis always is. */
  largeIntegers: LargeIntegers;
  /** Seeds of the model's com.microsoft MurmurHash3 nodes. */
  murmurSeeds: number[];
}

const SMALL_LIMIT = 2 ** 20;
const SMALL_LIMIT_BIG = 1n << 20n;
const decoder = new TextDecoder();

/** Raw little-endian integers (int64/uint64 as 8 bytes, int32/uint32 as 4), or protobuf's typed fields. */
type IntegerSource = { view: DataView; width: 4 | 8; unsigned32: boolean } | { list: readonly unknown[] };

export function modelLookupKeys(model: onnx.IModelProto, tokenizerJson: string | null): ModelLookupKeys {
  const strings: string[] = [];
  const stringLists: string[][] = [];
  const sources: IntegerSource[] = [];
  const murmurSeeds: number[] = [];
  const addStrings = (list: string[]) => {
    for (const text of list) strings.push(text);
    if (list.length > 1) stringLists.push(list);
  };
  const readTensor = (tensor: onnx.ITensorProto) => {
    if (isExternal(tensor)) return;
    const type = elemTypeName(tensor.dataType);
    if (type === "string") return addStrings((tensor.stringData ?? []).map((text) => decoder.decode(text)));
    const width = type === "int64" || type === "uint64" ? 8 : type === "int32" || type === "uint32" ? 4 : 0;
    if (width === 0) return;
    const raw = tensor.rawData;
    if (raw && raw.length > 0)
      sources.push({
        view: new DataView(raw.buffer, raw.byteOffset, raw.byteLength),
        width,
        unsigned32: type === "uint32",
      });
    else
      for (const list of [tensor.int64Data, tensor.uint64Data, tensor.int32Data])
        if (list && list.length > 0) sources.push({ list });
  };

  const nodes: onnx.INodeProto[] = [];
  if (model.graph) {
    for (const { graph } of walkGraphs(model.graph)) {
      for (const tensor of graph.initializer ?? []) readTensor(tensor);
      for (const sparse of graph.sparseInitializer ?? []) if (sparse.values) readTensor(sparse.values);
      for (const node of graph.node ?? []) nodes.push(node);
    }
  }
  for (const fn of model.functions ?? []) for (const node of fn.node ?? []) nodes.push(node);
  for (const node of nodes) {
    if (node.opType === "MurmurHash3" && node.domain === "com.microsoft") {
      const seed = (node.attribute ?? []).find((attribute) => attribute.name === "seed");
      murmurSeeds.push(seed ? int64ToNumber(seed.i as number) >>> 0 : 0);
    }
    for (const attribute of node.attribute ?? []) {
      if (attribute.s && attribute.s.length > 0) strings.push(decoder.decode(attribute.s));
      if (attribute.strings && attribute.strings.length > 0)
        addStrings(attribute.strings.map((text) => decoder.decode(text)));
      if (attribute.ints && attribute.ints.length > 0) sources.push({ list: attribute.ints });
      for (const tensor of [...(attribute.t ? [attribute.t] : []), ...(attribute.tensors ?? [])]) readTensor(tensor);
      if (attribute.sparseTensor?.values) readTensor(attribute.sparseTensor.values);
    }
  }
  if (tokenizerJson !== null) collectJsonStrings(safeParse(tokenizerJson), strings);
  return { strings, stringLists, largeIntegers: largeIntegers(sources), murmurSeeds };
}

function largeIntegers(sources: readonly IntegerSource[]): LargeIntegers {
  let count = 0;
  for (const source of sources) {
    if ("list" in source) {
      for (const value of source.list) if (isLarge(toBigInt(value))) count++;
      continue;
    }
    const { view, width, unsigned32 } = source;
    for (let offset = 0; offset + width <= view.byteLength; offset += width) {
      if (width === 4) {
        const value = unsigned32 ? view.getUint32(offset, true) : view.getInt32(offset, true);
        if ((value >= SMALL_LIMIT || value <= -SMALL_LIMIT) && !SENTINEL_NUMBERS.has(value)) count++;
      } else {
        // Small (|v| < 2^20) means high word 0 with low < 2^20, or high word -1 with low > 2^32 - 2^20.
        const low = view.getUint32(offset, true);
        const high = view.getInt32(offset + 4, true);
        if ((high === 0 && low < SMALL_LIMIT) || (high === -1 && low > 2 ** 32 - SMALL_LIMIT)) continue;
        if (isSentinel64(low, high)) continue;
        count++;
      }
    }
  }
  return {
    count,
    *values() {
      for (const source of sources) {
        if ("list" in source) {
          for (const value of source.list) {
            const big = toBigInt(value);
            if (isLarge(big)) yield big;
          }
          continue;
        }
        const { view, width, unsigned32 } = source;
        for (let offset = 0; offset + width <= view.byteLength; offset += width) {
          const big =
            width === 8
              ? view.getBigInt64(offset, true)
              : BigInt(unsigned32 ? view.getUint32(offset, true) : view.getInt32(offset, true));
          if (isLarge(big)) yield big;
        }
      }
    },
  };
}

/** Large, and not one of the values exporters write as "no limit" (a Slice to the end), which are never hashes. */
function isLarge(value: bigint): boolean {
  return (value >= SMALL_LIMIT_BIG || value <= -SMALL_LIMIT_BIG) && !SENTINELS.has(value);
}

const SENTINELS: ReadonlySet<bigint> = new Set([
  2n ** 63n - 1n,
  -(2n ** 63n),
  2n ** 31n - 1n,
  -(2n ** 31n),
  2n ** 32n - 1n,
]);
const SENTINEL_NUMBERS: ReadonlySet<number> = new Set([2 ** 31 - 1, -(2 ** 31), 2 ** 32 - 1]);

function isSentinel64(low: number, high: number): boolean {
  return (
    (high === 0x7fffffff && low === 0xffffffff) ||
    (high === -0x80000000 && low === 0) ||
    (high === 0 && (low === 0x7fffffff || low === 0xffffffff)) ||
    (high === -1 && low === 0x80000000)
  );
}

/** protobufjs hands int64 fields back as numbers or Long objects; int64ToNumber would lose bits past 2^53. */
function toBigInt(value: unknown): bigint {
  if (typeof value === "number") return BigInt(Math.trunc(value));
  if (typeof value === "string") return BigInt(value);
  const long = value as { low: number; high: number };
  return BigInt.asIntN(64, (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0));
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // the bundle checks refuse an unreadable tokenizer elsewhere
  }
}

/** Every string value and object key in a JSON document (a tokenizer's vocab is an object keyed by token). */
function collectJsonStrings(value: unknown, into: string[]) {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === "string") into.push(current);
    else if (Array.isArray(current)) for (const item of current) pending.push(item);
    else if (current && typeof current === "object") {
      for (const [key, inner] of Object.entries(current)) {
        into.push(key);
        pending.push(inner);
      }
    }
  }
}
