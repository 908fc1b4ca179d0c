"use client";

import { useState } from "react";

/** Copies `text` to the clipboard and says so; falls back to selecting it where the Clipboard API is refused. */
export function CopyButton({
  text,
  targetId,
  label = "Copy link",
}: {
  text: string;
  targetId: string;
  label?: string;
}) {
  const [status, setStatus] = useState<"idle" | "copied" | "select">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setStatus("copied");
    } catch {
      // Insecure origins and some browsers refuse; select the text so Ctrl+C works.
      const target = document.getElementById(targetId);
      if (target) window.getSelection()?.selectAllChildren(target);
      setStatus("select");
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={copy}
        className="rounded border border-stone-500 bg-white dark:bg-stone-900 px-3 py-1 text-sm font-medium hover:bg-stone-100 dark:hover:bg-stone-800"
      >
        {label}
      </button>
      <span role="status" className="text-sm text-leaf-700 dark:text-leaf-300">
        {status === "copied" ? "Copied." : status === "select" ? "Selected: press Ctrl+C (⌘C) to copy." : ""}
      </span>
    </span>
  );
}
