import { runGc } from "@/lib/domain/registry/gc/run-gc";
import { registryGcJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const registryGcHandler = defineHandler(registryGcJob, ({ log }) => runGc({ log }));
