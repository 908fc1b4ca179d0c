import { describe, expect, it } from "vitest";
import { checkTrackTaskList, type KnownTask } from "./track-task-list";

const known = new Map<string, KnownTask>(
  [
    { id: "t-boolq", slug: "boolq", title: "BoolQ", metrics: ["accuracy", "macro_f1", "mcc"] },
    { id: "t-cb", slug: "cb", title: "CB", metrics: ["f1_accuracy_mean", "accuracy", "macro_f1", "mcc"] },
    { id: "t-rte", slug: "rte", title: "RTE", metrics: ["accuracy", "macro_f1", "mcc"] },
  ].map((task) => [task.id, task]),
);

describe("checkTrackTaskList", () => {
  it("accepts distinct tasks with their own metrics, weighting a task 1 when no weight is given", () => {
    const result = checkTrackTaskList(
      [
        { taskId: "t-boolq", metric: "accuracy" },
        { taskId: "t-cb", metric: "f1_accuracy_mean", weight: 2 },
        { taskId: "t-rte", metric: "accuracy", weight: 0 },
      ],
      known,
    );
    expect(result).toEqual({
      ok: true,
      tasks: [
        { taskId: "t-boolq", slug: "boolq", title: "BoolQ", metric: "accuracy", weight: 1, position: 0 },
        { taskId: "t-cb", slug: "cb", title: "CB", metric: "f1_accuracy_mean", weight: 2, position: 1 },
        { taskId: "t-rte", slug: "rte", title: "RTE", metric: "accuracy", weight: 0, position: 2 },
      ],
    });
  });

  it("names every problem at once", () => {
    const result = checkTrackTaskList(
      [
        { taskId: "t-boolq", metric: "f1_accuracy_mean" },
        { taskId: "t-boolq", metric: "accuracy", weight: -1 },
        { taskId: "t-mnli", metric: "accuracy" },
      ],
      known,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        'Task 1 (boolq) measures accuracy, macro_f1, mcc, not "f1_accuracy_mean".',
        "Task 2 (boolq) is listed twice.",
        "Task 2 (boolq) has weight -1; a weight is a number of at least 0.",
        "Task 3 is not a task this competition may use.",
      ],
    });
  });

  it("refuses weights that do not add up to a positive number, and a single task", () => {
    expect(
      checkTrackTaskList(
        [
          { taskId: "t-boolq", metric: "accuracy", weight: 0 },
          { taskId: "t-rte", metric: "accuracy", weight: 0 },
        ],
        known,
      ),
    ).toEqual({
      ok: false,
      problems: ["The weights add up to 0; at least one task needs a positive weight."],
    });
    expect(checkTrackTaskList([{ taskId: "t-boolq", metric: "accuracy" }], known)).toEqual({
      ok: false,
      problems: ["A multi-task track needs at least two tasks (it has 1)."],
    });
  });
});
