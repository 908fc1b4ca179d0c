/**
 * Why a task definition or a dataset file could not be used. `code` is stable; `message` names the file and
 * line (or the definition field) so an organizer can fix the data, or says where to download a missing file.
 */
export type DatasetErrorCode =
  | "TASK_DEFINITION_INVALID"
  | "UNKNOWN_TASK"
  | "DATASET_FILE_MISSING"
  | "DATASET_ROW_INVALID"
  | "UNKNOWN_LABEL";

export class DatasetError extends Error {
  constructor(
    readonly code: DatasetErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DatasetError";
  }
}
