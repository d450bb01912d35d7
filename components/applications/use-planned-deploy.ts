"use client";

import type { UseMutationResult } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/lib/query/api";
import type { ComposeIssue, DeployPlan } from "@/lib/schemas/applications";

/** Issues the server attached to a refused compose file (details with line numbers). */
export function composeIssues(error: unknown): ComposeIssue[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as ComposeIssue[]).filter((d) => typeof d.path === "string" && d.path.startsWith("compose"));
}

/**
 * Preview-then-deploy state shared by the new-application form and the new-version card: the plan
 * of the last successful preview (cleared when the input is edited or the preview fails), and the
 * error of either step with its compose issues.
 */
export function usePlannedDeploy<I>(preview: UseMutationResult<DeployPlan, Error, I>, create: { error: Error | null }) {
  const [plan, setPlan] = useState<DeployPlan | null>(null);
  const error = preview.error ?? create.error;
  const clearPlan = () => setPlan(null);
  return {
    plan,
    clearPlan,
    error,
    issues: composeIssues(error),
    runPreview: (input: I) => preview.mutate(input, { onSuccess: setPlan, onError: clearPlan }),
    /** Wraps a setter so that editing the input discards the (now stale) plan. */
    edited:
      <T>(set: (v: T) => void) =>
      (v: T) => (set(v), setPlan(null)),
  };
}
