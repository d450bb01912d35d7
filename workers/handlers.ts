import type { JobHandler } from "./define-handler";
import { housekeepingHandler } from "./jobs/housekeeping";

/** Every job handler the worker process runs. */
export const HANDLERS: JobHandler[] = [housekeepingHandler as unknown as JobHandler];
