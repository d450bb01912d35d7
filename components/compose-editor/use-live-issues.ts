"use client";

import { useEffect, useRef, useState } from "react";
import { composeIssues } from "@/components/applications/use-planned-deploy";
import { usePreviewNew, usePreviewVersion } from "@/lib/query/use-applications";
import type { ComposeIssue, CreateApplicationInput, DeployPlan } from "@/lib/schemas/applications";

/** What to preview the text against: a new application's other fields, or an existing application. */
export type LiveCheck = { draft: Omit<CreateApplicationInput, "compose"> } | { applicationId: string };

/** Problems of the text last checked, and when the answer came (to tell it from older ones). */
export type LiveIssues = { issues: ComposeIssue[]; at: number };

export const LIVE_CHECK_DELAY_MS = 600;

const located = (plan: DeployPlan) => plan.warnings.filter((w) => w.line !== undefined && w.path.startsWith("compose"));

/**
 * Previews the compose text a moment after the user stops typing (the same call as the Preview
 * button, in its own mutation so the form's state is untouched) and returns the located problems:
 * a refusal's issues, or the warnings of a plan. A refusal that is not about the compose file (an
 * unknown cluster, say) says nothing about it, so it returns null.
 */
export function useLiveIssues(compose: string, check: LiveCheck | undefined): LiveIssues | null {
  const previewNew = usePreviewNew();
  const previewVersion = usePreviewVersion(check && "applicationId" in check ? check.applicationId : "");
  const [result, setResult] = useState<LiveIssues | null>(null);
  const latest = useRef(0);
  const key = check ? JSON.stringify(check) : "";
  const checkNew = previewNew.mutateAsync;
  const checkVersion = previewVersion.mutateAsync;
  useEffect(() => {
    if (!key || !compose.trim()) return;
    const id = ++latest.current;
    const target = JSON.parse(key) as LiveCheck;
    const timer = setTimeout(() => {
      const call =
        "applicationId" in target
          ? checkVersion({ compose })
          : // The name only shapes the swarm's service names; an empty one would hide the compose problems.
            target.draft.clusterId && checkNew({ ...target.draft, name: target.draft.name || "draft", compose });
      if (!call) return;
      const answer = (issues: ComposeIssue[] | null) => {
        if (id === latest.current) setResult(issues && { issues, at: Date.now() });
      };
      call.then(
        (plan) => answer(located(plan)),
        (error: unknown) => answer(composeIssues(error).length > 0 ? composeIssues(error) : null),
      );
    }, LIVE_CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [compose, key, checkNew, checkVersion]);
  return result;
}
