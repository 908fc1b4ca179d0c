/** The signature of a graph input or output, as the runner and the model page show it. */
import type { onnx } from "onnx-proto";
import { elemTypeName, type TensorElemTypeName } from "./data-types";
import { int64ToNumber } from "./tensor-values";

export type ValueElemType =
  | TensorElemTypeName
  | "undefined"
  | "sequence"
  | "map"
  | "optional"
  | "sparse_tensor"
  | "unknown";

export interface ValueDescription {
  name: string;
  /** The tensor element type, or the kind of a non-tensor value (e.g. skl2onnx's sequence of maps). */
  elemType: ValueElemType;
  /** Fixed dims as numbers, symbolic dims by name, unnamed dims as null; null when the rank is not declared. */
  shape: (number | string | null)[] | null;
}

export function describeValue(info: onnx.IValueInfoProto): ValueDescription {
  const type = info.type;
  const name = info.name ?? "";
  if (type?.tensorType) {
    const shape = type.tensorType.shape;
    return {
      name,
      elemType: elemTypeName(type.tensorType.elemType),
      shape: shape
        ? (shape.dim ?? []).map((dim) => {
            if (dim.dimParam) return dim.dimParam;
            // protobufjs sets own properties only for fields present on the wire: an unset dim_value is not a 0.
            return Object.hasOwn(dim, "dimValue") ? int64ToNumber(dim.dimValue as number) : null;
          })
        : null,
    };
  }
  const kind = type?.sequenceType
    ? "sequence"
    : type?.mapType
      ? "map"
      : type?.optionalType
        ? "optional"
        : type?.sparseTensorType
          ? "sparse_tensor"
          : "unknown";
  return { name, elemType: kind, shape: null };
}
