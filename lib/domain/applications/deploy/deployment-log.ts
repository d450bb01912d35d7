import { z } from "zod";
import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { toJsonColumn } from "../../json-column";

const stepSchema = z.object({ at: z.string(), level: z.enum(["info", "warning", "error"]), message: z.string() });
export type Step = z.infer<typeof stepSchema>;
export type StepLevel = Step["level"];

/** Deployment.steps as stored: the steps that read as steps (a row written otherwise shows none). */
export function storedSteps(value: unknown): Step[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = stepSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Appends progress to a deployment (the console shows it while it runs) and to the worker log. */
export class DeploymentLog {
  private steps: Step[] = [];

  constructor(
    private readonly deploymentId: string,
    private readonly log: Logger,
  ) {}

  async step(message: string, level: StepLevel = "info") {
    this.steps.push({ at: new Date().toISOString(), level, message });
    this.log[level === "error" ? "error" : level === "warning" ? "warn" : "info"]({ deploymentId: this.deploymentId }, message);
    await prisma.deployment.update({ where: { id: this.deploymentId }, data: { steps: toJsonColumn(this.steps) } });
  }

  /** Continue a deployment that was interrupted (worker crash): keep its earlier steps. */
  resume(previous: unknown) {
    if (Array.isArray(previous)) this.steps = storedSteps(previous);
  }
}
