/**
 * Input from a form, a request body or a server action, parsed with its zod schema: the parsed value, or
 * VALIDATION_FAILED with the first problem's message, written for the person who filled the form.
 */
import type { z } from "zod";
import { AppError } from "../errors";

export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", parsed.error.issues[0]?.message ?? "Please check the form.");
  }
  return parsed.data;
}
