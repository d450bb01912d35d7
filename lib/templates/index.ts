/** The template gallery's built-in templates, in the order the gallery shows them. */
import type { BuiltInTemplate } from "./built-in-template";
import { redisReplication } from "./redis-replication";
import { scheduledWorker } from "./scheduled-worker";
import { webDatabase } from "./web-database";
import { wordpress } from "./wordpress";

export type { BuiltInTemplate } from "./built-in-template";

export const BUILT_IN_TEMPLATES: readonly BuiltInTemplate[] = [webDatabase, wordpress, redisReplication, scheduledWorker];
