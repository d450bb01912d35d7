import { variable, type BuiltInTemplate } from "./built-in-template";

// The loop is the container's shell's: `$$` is a literal `$`, so the job sees its own variables.
export const scheduledWorker: BuiltInTemplate = {
  id: "scheduled-worker",
  name: "Scheduled worker",
  description: "A worker that runs a command on a schedule (every N seconds), logging each run; restarted if it dies.",
  suggestedAppName: "worker",
  compose: `services:
  worker:
    image: \${WORKER_IMAGE}
    command:
      - sh
      - -c
      - 'while true; do echo "run at $$(date -u +%Y-%m-%dT%H:%M:%SZ)"; sh -c "$$JOB_COMMAND" || echo "job failed"; sleep "$$INTERVAL_SECONDS"; done'
    environment:
      JOB_COMMAND: \${JOB_COMMAND}
      INTERVAL_SECONDS: \${INTERVAL_SECONDS}
    deploy:
      replicas: 1
      restart_policy:
        condition: any
        delay: 10s
`,
  variables: [
    variable({ name: "WORKER_IMAGE", label: "Worker image", default: "busybox:1.36", required: true, description: "Any image with sh." }),
    variable({ name: "JOB_COMMAND", label: "Command", default: "echo hello from the worker", required: true }),
    variable({ name: "INTERVAL_SECONDS", label: "Every (seconds)", default: "3600", required: true }),
  ],
};
