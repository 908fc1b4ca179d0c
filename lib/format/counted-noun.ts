/** "1 core", "2 cores": a count with its noun in the right number, for every page and CLI line. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString("en")} ${count === 1 ? singular : plural}`;
}
