import type { SubmissionView } from "@/lib/data/submission-views";

/** What crosses to the browser (props or the API's JSON): dates become ISO strings. */
type Serialized<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Serialized<U>[]
    : T extends object
      ? { [K in keyof T]: Serialized<T[K]> }
      : T;
export type SubmissionJson = Serialized<SubmissionView>;

export const serializeSubmission = (view: SubmissionView): SubmissionJson =>
  JSON.parse(JSON.stringify(view)) as SubmissionJson;
