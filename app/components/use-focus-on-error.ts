"use client";

import { useEffect } from "react";

/**
 * After a failed submit, moves focus to the field the error is about (or to the message itself), so keyboard and
 * screen-reader users land where the problem is (WCAG 3.3.1, and GOV.UK's error pattern). `state` is the action
 * state object: a new object per submit, so the same error twice still moves focus.
 */
export function useFocusOnError(state: object, error: string | null | undefined, targetId: string | undefined) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: `state` is new per submit, so a repeated error refocuses
  useEffect(() => {
    if (!error || !targetId) return;
    const target = document.getElementById(targetId);
    target?.focus();
    if (target instanceof HTMLInputElement && target.type !== "password") target.select();
  }, [state, error, targetId]);
}
