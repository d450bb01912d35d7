import { prisma, Prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";

export type StepLevel = "info" | "warning" | "error";
export type Step = { at: string; level: StepLevel; message: string };

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
    await prisma.deployment.update({ where: { id: this.deploymentId }, data: { steps: this.steps as unknown as Prisma.InputJsonValue } });
  }

  /** Continue a deployment that was interrupted (worker crash): keep its earlier steps. */
  resume(previous: unknown) {
    if (Array.isArray(previous)) this.steps = previous as Step[];
  }
}
