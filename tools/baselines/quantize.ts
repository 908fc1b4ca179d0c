/**
 * Post-training int8 quantization, per tensor and symmetric: q = round(w / s) clamped to ±127, s = max|w| / 127,
 * zero point 0 (the scheme onnxruntime's quantize_static uses for weights by default). Reading a value back is
 * q × s in float32, which is what ONNX DequantizeLinear computes, so the training code can run the very weights
 * the graph will hold.
 *
 * What it buys: weights take 1 byte instead of 4 (a bundle about 4× smaller). What it does not necessarily buy
 * is speed: these graphs spend their time gathering a few embedding rows, not multiplying matrices, so there is
 * no int8 kernel to win with; the runner's measurements say how much (if anything) it changes.
 */

export interface Int8Tensor {
  values: Int8Array;
  /** float32-representable, as DequantizeLinear's scale input is float32. */
  scale: number;
}

export function quantizeSymmetric(values: Float32Array): Int8Tensor {
  let maxAbs = 0;
  for (const value of values) maxAbs = Math.max(maxAbs, Math.abs(value));
  // An all-zero tensor (a pruned-away layer) still needs a positive scale.
  const scale = Math.fround(maxAbs > 0 ? maxAbs / 127 : 1);
  const quantized = new Int8Array(values.length);
  for (let index = 0; index < values.length; index += 1) {
    quantized[index] = Math.max(-127, Math.min(127, Math.round(values[index]! / scale)));
  }
  return { values: quantized, scale };
}

/** float32(q) × float32(scale), rounded to float32: exactly DequantizeLinear's result for a zero point of 0. */
export function dequantize(tensor: Int8Tensor): Float32Array {
  return Float32Array.from(tensor.values, (value) => value * tensor.scale);
}
