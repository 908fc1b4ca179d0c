/**
 * A weight tensor being trained: its values, the gradient of the current batch, and, for embedding tables, which
 * rows that gradient touches. A batch of 32 sentences touches a few hundred of 15,000 rows, so optimisers and
 * gradient resets visit only those rows (the "lazy" updates fastText and TensorFlow's LazyAdam make).
 */

export interface Trainable {
  readonly name: string;
  readonly values: Float32Array;
  readonly gradient: Float32Array;
  /** Elements per row (the embedding width for a table; the whole size for a dense tensor). */
  readonly rowSize: number;
  /** Row indices with a gradient this batch, in first-touch order; null for a dense tensor. */
  readonly touchedRows: number[] | null;
  readonly rowTouched: Uint8Array | null;
  /** Pruning mask (1 keeps, 0 forces zero), applied after every update; null when unpruned. */
  mask: Uint8Array | null;
}

export function denseTrainable(name: string, values: Float32Array): Trainable {
  return {
    name,
    values,
    gradient: new Float32Array(values.length),
    rowSize: values.length,
    touchedRows: null,
    rowTouched: null,
    mask: null,
  };
}

export function sparseRowsTrainable(name: string, values: Float32Array, rowSize: number): Trainable {
  const rows = rowSize === 0 ? 0 : values.length / rowSize;
  return {
    name,
    values,
    gradient: new Float32Array(values.length),
    rowSize,
    touchedRows: [],
    rowTouched: new Uint8Array(rows),
    mask: null,
  };
}

/** Adds scale × vector to one row's gradient, marking the row as touched. */
export function addToRow(tensor: Trainable, row: number, vector: ArrayLike<number>, scale: number): void {
  if (tensor.touchedRows && tensor.rowTouched && tensor.rowTouched[row] === 0) {
    tensor.rowTouched[row] = 1;
    tensor.touchedRows.push(row);
  }
  const offset = row * tensor.rowSize;
  for (let index = 0; index < vector.length; index += 1) tensor.gradient[offset + index]! += scale * vector[index]!;
}

/** Calls visit(start, end) for each span of elements the current gradient may be non-zero in. */
export function forEachActiveSpan(tensor: Trainable, visit: (start: number, end: number) => void): void {
  if (!tensor.touchedRows) {
    visit(0, tensor.values.length);
    return;
  }
  for (const row of tensor.touchedRows) visit(row * tensor.rowSize, (row + 1) * tensor.rowSize);
}

export function clearGradient(tensor: Trainable): void {
  forEachActiveSpan(tensor, (start, end) => tensor.gradient.fill(0, start, end));
  if (tensor.touchedRows && tensor.rowTouched) {
    for (const row of tensor.touchedRows) tensor.rowTouched[row] = 0;
    tensor.touchedRows.length = 0;
  }
}

export function applyMask(tensor: Trainable): void {
  const mask = tensor.mask;
  if (!mask) return;
  forEachActiveSpan(tensor, (start, end) => {
    for (let index = start; index < end; index += 1) if (mask[index] === 0) tensor.values[index] = 0;
  });
}
