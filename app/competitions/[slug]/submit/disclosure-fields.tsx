"use client";

import { inputClassName } from "@/app/components/form-fields";

const METHODS = [
  "distillation",
  "pruning",
  "quantization",
  "low-rank factorization",
  "architecture search",
  "early exit",
  "vocabulary trimming",
];

/**
 * "Show your work" (Dodge et al. 2019): optional, and shown with the submission. Every field maps to
 * lib/submissions/disclosures.ts, which validates it again on the server.
 */
export function DisclosureFields() {
  return (
    <details className="space-y-3 rounded border border-stone-300 dark:border-stone-600 p-4">
      <summary className="cursor-pointer font-medium">Show your work (optional)</summary>
      <p className="text-sm text-stone-700 dark:text-stone-300">
        What it cost to get this model, so others can weigh the result against the search behind it (Dodge et al.,
        2019).
      </p>
      <div className="grid gap-3 sm:grid-cols-3">
        <NumberField name="trainingGpuHours" label="Training GPU-hours" />
        <NumberField name="trainingEnergyKwh" label="Training energy (kWh), if known" />
        <div className="space-y-1">
          <label htmlFor="trainingHardware" className="block text-sm font-medium">
            Training hardware
          </label>
          <input
            id="trainingHardware"
            name="trainingHardware"
            maxLength={200}
            className={inputClassName}
            placeholder="1× A100 40GB"
          />
        </div>
      </div>
      <fieldset>
        <legend className="text-sm font-medium">Methods used</legend>
        <div className="flex flex-wrap gap-3">
          {METHODS.map((method) => (
            <label key={method} className="flex items-center gap-1 text-sm">
              <input type="checkbox" name="methods" value={method} />
              {method}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <UrlField name="codeUrl" label="Code link" />
        <UrlField name="paperUrl" label="Paper link" />
      </div>
      <div className="space-y-1">
        <label htmlFor="trialsCsv" className="block text-sm font-medium">
          Hyperparameter trials (CSV, one row per trial, with a validation_score column)
        </label>
        <input id="trialsCsv" name="trialsCsv" type="file" accept=".csv,text/csv" className="text-sm" />
      </div>
      <div className="space-y-1">
        <label htmlFor="notes" className="block text-sm font-medium">
          Notes
        </label>
        <textarea id="notes" name="notes" maxLength={4000} rows={3} className={inputClassName} />
      </div>
    </details>
  );
}

function NumberField({ name, label }: { name: string; label: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <input id={name} name={name} type="number" min={0} step="any" className={inputClassName} />
    </div>
  );
}

function UrlField({ name, label }: { name: string; label: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <input id={name} name={name} type="url" placeholder="https://" className={inputClassName} />
    </div>
  );
}

/** The disclosure fields of the form as the API's `disclosures` object (empty fields left out). */
export async function readDisclosures(data: FormData): Promise<Record<string, unknown>> {
  const text = (name: string) => String(data.get(name) ?? "").trim() || undefined;
  const number = (name: string) => {
    const value = text(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a number of at least 0.`);
    return parsed;
  };
  const trials = data.get("trialsCsv");
  const trialsCsv = trials instanceof File && trials.size > 0 ? await trials.text() : undefined;
  const methods = data.getAll("methods").map(String);
  const result: Record<string, unknown> = {
    trainingGpuHours: number("trainingGpuHours"),
    trainingEnergyKwh: number("trainingEnergyKwh"),
    trainingHardware: text("trainingHardware"),
    methods: methods.length ? methods : undefined,
    codeUrl: text("codeUrl"),
    paperUrl: text("paperUrl"),
    notes: text("notes"),
    trialsCsv,
  };
  return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined));
}
