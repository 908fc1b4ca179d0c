/** Typed reads of NodeProto attributes, with the defaults the ONNX operator spec gives. */
import type { onnx } from "onnx-proto";
import { int64ToNumber } from "./tensor-values";

function find(node: onnx.INodeProto, name: string): onnx.IAttributeProto | undefined {
  return (node.attribute ?? []).find((attribute) => attribute.name === name);
}

export function hasAttribute(node: onnx.INodeProto, name: string): boolean {
  return find(node, name) !== undefined;
}

export function attributeInt(node: onnx.INodeProto, name: string, fallback: number): number;
export function attributeInt(node: onnx.INodeProto, name: string): number | undefined;
export function attributeInt(node: onnx.INodeProto, name: string, fallback?: number): number | undefined {
  const attribute = find(node, name);
  // AttributeType.INT = 2
  return attribute && attribute.type === 2 ? int64ToNumber(attribute.i as number) : fallback;
}

export function attributeInts(node: onnx.INodeProto, name: string): number[] | undefined {
  const attribute = find(node, name);
  // AttributeType.INTS = 7
  return attribute && attribute.type === 7
    ? (attribute.ints ?? []).map((value) => int64ToNumber(value as number))
    : undefined;
}

export function attributeFloats(node: onnx.INodeProto, name: string): number[] | undefined {
  const attribute = find(node, name);
  // AttributeType.FLOATS = 6
  return attribute && attribute.type === 6 ? (attribute.floats ?? []) : undefined;
}

export function attributeString(node: onnx.INodeProto, name: string): string | undefined {
  const attribute = find(node, name);
  // AttributeType.STRING = 3
  return attribute && attribute.type === 3 && attribute.s ? new TextDecoder().decode(attribute.s) : undefined;
}

export function attributeTensor(node: onnx.INodeProto, name: string): onnx.ITensorProto | undefined {
  return find(node, name)?.t ?? undefined;
}
