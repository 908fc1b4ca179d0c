/**
 * The content stamp: one string that changes whenever something a cached public page shows changes in the
 * database (./page-cache.ts says what else invalidates a page). It joins the boards' versions (board_versions,
 * raised by the triggers of migration 0009; their rows are never deleted, so the sum only grows) and the page
 * cache version (a sequence raised by the triggers of migration 0013). One small query per request; requests that
 * arrive while it runs share it.
 */
import type { Sql } from "postgres";

export function contentStampReader(sql: Sql): () => Promise<string> {
  let reading: Promise<string> | null = null;
  const read = async () => {
    const [row] = await sql<{ stamp: string }[]>`
      select (select coalesce(sum(version), 0) from board_versions)::text || '/'
        || (select count(*) from board_versions)::text || '/'
        || (select last_value::text || ':' || is_called::text from page_cache_version) as stamp`;
    if (!row) throw new Error("the content stamp query returned no row");
    return row.stamp;
  };
  return () => {
    reading ??= read().finally(() => {
      reading = null;
    });
    return reading;
  };
}
