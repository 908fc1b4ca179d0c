/**
 * The values a model stores that could serve as lookup keys: every string (attribute strings and string lists,
 * string tensors in initializers and attributes) and every large integer (int32/int64/uint32/uint64 tensors and
 * int lists), in every graph and model-local function; plus the strings of the bundle's tokenizer.json (vocab
 * entries, added tokens: a tokenizer that maps a whole sentence to one token id is a lookup table too).
 */
import type { onnx } from "onnx-proto";
import { elemTypeName } from "../onnx/data-types";
import { walkGraphs } from "../onnx/graph-walk";
import { int64ToNumber, isExternal } from "../onnx/tensor-values";

export interface ModelLookupKeys {
  strings: string[];
  /** String lists of two or more entries, in order: a text may be stored as consecutive words (an n-gram pool). */
  stringLists: string[][];
  /** Integers of magnitude 2^20 or more: a 32- or 64-bit hash is almost never smaller, a shape or axis always is. */
  largeIntegers: bigint[];
  /** Seeds of the model's com.microsoft MurmurHash3 nodes. */
  murmurSeeds: number[];
}

const SMALL_INTEGER_LIMIT = 1n << 20n;
const decoder = new TextDecoder();

export function modelLookupKeys(model: onnx.IModelProto, tokenizerJson: string | null): ModelLookupKeys {
  const keys: ModelLookupKeys = { strings: [], stringLists: [], largeIntegers: [], murmurSeeds: [] };
  const addInteger = (value: bigint) => {
    if (value >= SMALL_INTEGER_LIMIT || value <= -SMALL_INTEGER_LIMIT) keys.largeIntegers.push(value);
  };
  const nodes: onnx.INodeProto[] = [];
  if (model.graph) {
    for (const { graph } of walkGraphs(model.graph)) {
      for (const tensor of graph.initializer ?? []) readTensor(tensor, keys, addInteger);
      for (const sparse of graph.sparseInitializer ?? []) if (sparse.values) readTensor(sparse.values, keys, addInteger);
      nodes.push(...(graph.node ?? []));
    }
  }
  for (const fn of model.functions ?? []) nodes.push(...(fn.node ?? []));
  for (const node of nodes) {
    if (node.opType === "MurmurHash3" && node.domain === "com.microsoft") {
      const seed = (node.attribute ?? []).find((attribute) => attribute.name === "seed");
      keys.murmurSeeds.push(seed ? int64ToNumber(seed.i as number) >>> 0 : 0);
    }
    for (const attribute of node.attribute ?? []) {
      if (attribute.s && attribute.s.length > 0) keys.strings.push(decoder.decode(attribute.s));
      const list = (attribute.strings ?? []).map((text) => decoder.decode(text));
      keys.strings.push(...list);
      if (list.length > 1) keys.stringLists.push(list);
      for (const value of attribute.ints ?? []) addInteger(BigInt(int64ToNumber(value as number)));
      for (const tensor of [...(attribute.t ? [attribute.t] : []), ...(attribute.tensors ?? [])]) readTensor(tensor, keys, addInteger);
      if (attribute.sparseTensor?.values) readTensor(attribute.sparseTensor.values, keys, addInteger);
    }
  }
  if (tokenizerJson !== null) collectJsonStrings(safeParse(tokenizerJson), keys.strings);
  return keys;
}

function readTensor(tensor: onnx.ITensorProto, keys: ModelLookupKeys, addInteger: (value: bigint) => void) {
  if (isExternal(tensor)) return;
  const type = elemTypeName(tensor.dataType);
  if (type === "string") {
    const list = (tensor.stringData ?? []).map((text) => decoder.decode(text));
    keys.strings.push(...list);
    if (list.length > 1) keys.stringLists.push(list);
    return;
  }
  const width = type === "int64" || type === "uint64" ? 8 : type === "int32" || type === "uint32" ? 4 : 0;
  if (width === 0) return;
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let offset = 0; offset + width <= raw.length; offset += width) {
      if (width === 8) addInteger(view.getBigInt64(offset, true));
      else addInteger(BigInt(type === "uint32" ? view.getUint32(offset, true) : view.getInt32(offset, true)));
    }
    return;
  }
  // Longs from protobufjs come back as objects; int64ToNumber loses precision past 2^53, so use their halves.
  for (const value of [...(tensor.int64Data ?? []), ...(tensor.uint64Data ?? []), ...(tensor.int32Data ?? [])]) addInteger(toBigInt(value));
}

function toBigInt(value: unknown): bigint {
  if (typeof value === "number") return BigInt(Math.trunc(value));
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
