"use client";
/**
 * The column chooser: the default columns fit a 1280 px screen; the rest are a tick away. The choice goes into the
 * address (?cols=...) without a reload, so a shared link or the back button shows the same table.
 */
import type { ColumnKey, ColumnPrefixes } from "@/lib/ranking/columns";
import { CHOOSABLE_COLUMNS, columnChoiceParam, COLUMNS_PARAM } from "@/lib/ranking/board-column-set";
import type { TrackRules } from "@/lib/ranking/types";
import { columnHeader } from "./board-headers";

interface ColumnChooserProps {
  chosen: ColumnKey[];
  available: readonly ColumnKey[];
  rules: TrackRules;
  prefixes: ColumnPrefixes;
  onChange: (chosen: ColumnKey[]) => void;
}

export function ColumnChooser({ chosen, available, rules, prefixes, onChange }: ColumnChooserProps) {
  const toggle = (key: ColumnKey, on: boolean) => {
    const next = CHOOSABLE_COLUMNS.filter((candidate) => (candidate === key ? on : chosen.includes(candidate)));
    onChange(next);
    const url = new URL(window.location.href);
    const param = columnChoiceParam(next);
    if (param === null) url.searchParams.delete(COLUMNS_PARAM);
    else url.searchParams.set(COLUMNS_PARAM, param);
    // Commas left readable in the address (?cols=team,quality): they need no escaping in a query string.
    url.search = url.searchParams.toString().replaceAll("%2C", ",");
    // Next.js keeps its router in step with the history API; no server round trip for a change of columns.
    window.history.replaceState(window.history.state, "", url);
  };
  return (
    <details className="text-sm" data-testid="column-chooser">
      <summary className="cursor-pointer text-leaf-700 underline dark:text-leaf-300">
        Columns ({chosen.length} of {available.length} shown)
      </summary>
      <fieldset className="mt-2 grid gap-1 rounded border border-stone-200 p-3 sm:grid-cols-3 lg:grid-cols-5 dark:border-stone-700">
        <legend className="px-1 font-semibold">Columns to show (rank, model and stars always are)</legend>
        {available.map((key) => (
          <label key={key} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={chosen.includes(key)}
              onChange={(event) => toggle(key, event.target.checked)}
              data-testid={`column-${key}`}
            />
            {columnHeader(key, rules, prefixes).name}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
