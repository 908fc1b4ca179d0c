/**
 * API v1's answers as the CLI reads them, derived from the zod schemas the route handlers validate with and the
 * OpenAPI document is built from (lib/api/schemas.ts): a field the API changes is a type error here, not a
 * surprise at run time. Type-only: the CLI loads no schema code.
 */
import type { z } from "zod";
import type { errorSchema, submissionSchema, submitResponseSchema, trackTaskSchema } from "../../lib/api/schemas";

export type SubmissionJson = z.infer<typeof submissionSchema>;
export type SubmitResponseJson = z.infer<typeof submitResponseSchema>;
export type TrackTaskJson = z.infer<typeof trackTaskSchema>;
export type ApiFailure = z.infer<typeof errorSchema>["error"];
