import { describe, expect, it } from "vitest";
import { columnChoiceParam, DEFAULT_BOARD_COLUMNS, parseColumnChoice } from "./board-column-set";

describe("the board's column choice", () => {
  it("shows the default set without a parameter, and keeps a default board's address clean", () => {
    expect(parseColumnChoice(undefined)).toEqual(DEFAULT_BOARD_COLUMNS);
    expect(parseColumnChoice(null)).toEqual(DEFAULT_BOARD_COLUMNS);
    expect(columnChoiceParam(DEFAULT_BOARD_COLUMNS)).toBeNull();
  });

  it("reads a chosen set in the table's order, ignoring unknown names and the fixed columns", () => {
    expect(parseColumnChoice("latencyP90Ms,team,nonsense,rank,model,parameters")).toEqual([
      "team",
      "latencyP90Ms",
      "parameters",
    ]);
    expect(parseColumnChoice("")).toEqual([]);
  });

  it("writes a choice back the way it reads it", () => {
    const chosen = ["parameters", "team", "quality"] as const;
    const param = columnChoiceParam([...chosen]);
    expect(param).toBe("team,quality,parameters");
    expect(parseColumnChoice(param)).toEqual(["team", "quality", "parameters"]);
    expect(columnChoiceParam([])).toBe("");
  });
});
