import { describe, expect, it } from "vitest";
import { isPrivateSplit, isTaskSplit } from "./result-splits";

describe("result splits", () => {
  it("treats a task's private part as private, like the aggregate's", () => {
    expect(["private", "task:cb:private", "task:boolq:private"].map(isPrivateSplit)).toEqual([true, true, true]);
    expect(["public", "ood:amazon", "task:cb:public", "task:sst2:ood:private-ish"].map(isPrivateSplit)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("tells a task's rows from the aggregate's", () => {
    expect(["task:cb:public", "public", "ood:yelp"].map(isTaskSplit)).toEqual([true, false, false]);
  });
});
