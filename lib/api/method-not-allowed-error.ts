import { AppError } from "../errors";

/** A method the path does not take; the answer's Allow header lists the ones it does. */
export class MethodNotAllowedError extends AppError {
  constructor(readonly allowed: readonly string[]) {
    super("METHOD_NOT_ALLOWED", `This path takes ${allowed.join(", ")} only.`);
  }
}
