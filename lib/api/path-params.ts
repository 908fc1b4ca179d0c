import { AppError } from "../errors";
import { hasControlCharacter } from "../security/path-segment";

/** A route's path parameters, or NOT_FOUND when one holds a control character (a NUL: lib/security/path-segment.ts). */
export async function pathParams<T extends Record<string, string>>(params: Promise<T>): Promise<T> {
  const values = await params;
  if (Object.values(values).some(hasControlCharacter)) throw new AppError("NOT_FOUND", "Nothing is at this path.");
  return values;
}
