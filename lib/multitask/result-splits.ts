/**
 * The names of a result row's split. A multi-task evaluation stores each task's rows as "task:<slug>:<split>"
 * beside its aggregate rows; every rule about a split (the private part stays hidden until revealed) must read
 * both forms, so it is decided here once.
 */
export function isPrivateSplit(split: string): boolean {
  return split === "private" || (split.startsWith("task:") && split.endsWith(":private"));
}

export function isTaskSplit(split: string): boolean {
  return split.startsWith("task:");
}
