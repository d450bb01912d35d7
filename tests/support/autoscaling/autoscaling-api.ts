/** An application's autoscaling rules and decisions, read through the API as the console reads them. */
import { expect } from "vitest";
import type { AutoscalingDecisionView, AutoscalingRuleView } from "@/lib/schemas/autoscaling";
import { call } from "../integration/client";

export async function autoscalingRules(cookie: string, applicationId: string): Promise<AutoscalingRuleView[]> {
  const res = await call<{ items: AutoscalingRuleView[] }>("GET", `/api/v1/autoscaling/rules?applicationId=${applicationId}`, { cookie });
  expect(res.status, res.text).toBe(200);
  return res.json.items;
}

/** The newest 200 decisions, newest first. */
export async function autoscalingDecisions(cookie: string, applicationId: string): Promise<AutoscalingDecisionView[]> {
  const res = await call<{ items: AutoscalingDecisionView[] }>(
    "GET",
    `/api/v1/autoscaling/decisions?applicationId=${applicationId}&limit=200`,
    { cookie },
  );
  expect(res.status, res.text).toBe(200);
  return res.json.items;
}
