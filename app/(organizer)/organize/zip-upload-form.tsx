"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { FormError } from "@/app/components/form-fields";

interface ZipUploadFormProps {
  /** Route that takes the zip as its request body and answers JSON ({ url? } or { error: { message } }). */
  endpoint: string;
  label: string;
  hint: string;
  submitLabel: string;
  testId?: string;
}

/** Uploads one zip as the request body (streamed to disk by the server, never held in memory) and shows the answer. */
export function ZipUploadForm({ endpoint, label, hint, submitLabel, testId }: ZipUploadFormProps) {
  const router = useRouter();
  const inputId = useId();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <form
      data-testid={testId}
      className="space-y-2"
      onSubmit={async (event) => {
        event.preventDefault();
        const file = (event.currentTarget.elements.namedItem("file") as HTMLInputElement).files?.[0];
        setError(null);
        setNotice(null);
        if (!file) return setError("Choose a .zip file first.");
        if (!file.name.toLowerCase().endsWith(".zip")) return setError("The file must be a .zip.");
        setPending(true);
        try {
          const response = await fetch(endpoint, {
            method: "POST",
            body: file,
            headers: { "content-type": "application/zip" },
          });
          const answer = (await response.json().catch(() => ({}))) as {
            url?: string;
            title?: string;
            error?: { message?: string };
          };
          if (!response.ok) return setError(answer.error?.message ?? `The upload failed (${response.status}).`);
          if (answer.url) return router.push(answer.url);
          setNotice(answer.title ? `Uploaded "${answer.title}".` : "Uploaded.");
          router.refresh();
        } catch {
          setError("The upload did not reach the server; check your connection and try again.");
        } finally {
          setPending(false);
        }
      }}
    >
      <FormError message={error} />
      {notice ? (
        <p role="status" className="text-sm text-leaf-800 dark:text-leaf-300">
          {notice}
        </p>
      ) : null}
      <label htmlFor={inputId} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={inputId}
        name="file"
        type="file"
        accept=".zip,application/zip"
        className="block text-sm"
        aria-describedby={`${inputId}-hint`}
      />
      <p id={`${inputId}-hint`} className="text-xs text-stone-600 dark:text-stone-400">
        {hint}
      </p>
      <button
        type="submit"
        disabled={pending}
        aria-busy={pending}
        className="rounded border border-stone-500 bg-white dark:bg-stone-900 px-3 py-1 text-sm hover:bg-stone-100 dark:hover:bg-stone-800 disabled:opacity-60"
      >
        {pending ? "Uploading…" : submitLabel}
      </button>
    </form>
  );
}
