import { evaluateAutoscaling } from "@/lib/domain/autoscaling/evaluate-autoscaling";
import { autoscalingEvaluateJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const autoscalingEvaluateHandler = defineHandler(autoscalingEvaluateJob, ({ log }) => evaluateAutoscaling({ log }), {
  record: false,
});
