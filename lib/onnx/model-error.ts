/**
 * Why a submitted ONNX file was refused. `code` is stable (the runner, the API and tests match on it); `message`
 * names the offending node or tensor so a team can fix its export without guessing.
 */
export type ModelErrorCode = "MALFORMED_MODEL" | "UNSUPPORTED_OP_DOMAIN" | "UNSAFE_EXTERNAL_DATA";

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ModelError";
  }
}

export function isModelError(error: unknown): error is ModelError {
  return error instanceof ModelError;
}
