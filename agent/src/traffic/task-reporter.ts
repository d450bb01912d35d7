/**
 * The node's task reporter: follows the engine's container events for Swarm task containers,
 * remembers which containers the engine was told to stop (a `kill` event) or saw die, until its
 * container list agrees, and
 * keeps the control plane's copy of the node's task snapshot current through the session it is
 * attached to. Runs for the agent's whole life, across reconnects, so a stop that happens while
 * the gateway is unreachable is still known when the connection returns.
 */
import type { ContainersApi, EngineEvent, TaskContainer } from "../docker/containers-api";
import { TASK_ID_LABEL } from "../docker/object-labels";
import type { Logger } from "../log/logger";
import type { ProbeStates } from "../probes/probe-runner";
import type { Backoff } from "../session/backoff";
import { watchEngineEvents } from "./engine-events";
import { killMeansStop, sameSignal } from "./stop-signals";
import { TaskReportSender, type TaskReportChannel } from "./task-report-sender";
import { buildTaskSnapshot, type ContainerMark } from "./task-snapshot";

/** The events that can change a task's presence, state, health or ports. */
export const TASK_EVENTS = ["start", "die", "kill", "stop", "destroy", "health_status", "pause", "unpause"] as const;

export type TaskReporterOptions = {
  engine: ContainersApi;
  log: Logger;
  debounceMs?: number;
  resendMs?: number;
  /** Test seam: backoff of the event stream's reconnects. */
  backoff?: Backoff;
  /** The URL probes' states (agent/src/probes): a change is reported like an engine event. */
  probes?: ProbeStates;
};

export type TaskReporter = {
  /** Hand this to the session: it attaches after the welcome and detaches on close. */
  readonly channel: TaskReportChannel;
  /** Follows the engine's events until `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
};

export function createTaskReporter({ engine, log, debounceMs, resendMs, backoff, probes }: TaskReporterOptions): TaskReporter {
  const probeOf = (id: string) => probes?.stateOf(id);
  let containers: TaskContainer[] = [];
  /**
   * Container id → what its events said and when. Kept until the engine's list no longer shows the
   * container as live (a `start` clears it: the container was started again).
   */
  const marks = new Map<string, { mark: ContainerMark; at: number }>();
  const markMap = () => new Map([...marks].map(([id, m]) => [id, m.mark]));

  async function read(): Promise<ReturnType<typeof buildTaskSnapshot>> {
    const startedAt = Date.now();
    containers = await engine.listTaskContainers();
    // a mark newer than this list may be for a container started after it: keep it for the next one
    const live = new Set(containers.filter((c) => c.State === "running" || c.State === "paused").map((c) => c.Id));
    for (const [id, { at }] of marks) if (!live.has(id) && at < startedAt) marks.delete(id);
    return buildTaskSnapshot(containers, markMap(), probeOf);
  }

  const sender = new TaskReportSender({ read, log, debounceMs, resendMs });
  probes?.onChange(() => sender.changed());

  function mark(id: string, what: ContainerMark): void {
    if (marks.get(id)?.mark === what || marks.get(id)?.mark === "gone") return;
    marks.set(id, { mark: what, at: Date.now() });
    // from what the engine listed last, without asking it again: the task may be gone in a moment
    sender.sendIfChanged(buildTaskSnapshot(containers, markMap(), probeOf));
    sender.changed();
  }

  async function onKill(event: EngineEvent): Promise<void> {
    const verdict = killMeansStop(event.Actor.Attributes.signal);
    if (verdict === true) return mark(event.Actor.ID, "stopping");
    if (verdict === false) return;
    const configured = await engine.stopSignal({ id: event.Actor.ID }).catch((error: unknown) => {
      log.warn("task report: cannot read a container's stop signal; taking the kill as a stop", {
        container: event.Actor.ID.slice(0, 12),
        error,
      });
      return event.Actor.Attributes.signal ?? "SIGTERM";
    });
    if (configured !== null && sameSignal(configured, event.Actor.Attributes.signal ?? "")) mark(event.Actor.ID, "stopping");
  }

  function onEvent(event: EngineEvent): void {
    if (event.Type !== "container" || !event.Actor.Attributes[TASK_ID_LABEL]) return;
    const action = event.Action.split(":")[0]?.trim() ?? "";
    log.debug("task container event", { action, container: event.Actor.ID.slice(0, 12), signal: event.Actor.Attributes.signal });
    if (action === "kill") return void onKill(event);
    if (action === "die" || action === "destroy") return mark(event.Actor.ID, "gone");
    if (action === "start") marks.delete(event.Actor.ID);
    sender.changed();
  }

  return {
    channel: sender,
    run: (signal) =>
      watchEngineEvents({
        open: (s) => engine.openEvents({ filters: { type: ["container"], event: [...TASK_EVENTS], label: [TASK_ID_LABEL] }, signal: s }),
        onEvent,
        // events may have been missed while the stream was closed: the engine's list is the truth
        onOpen: () => void sender.refresh(false),
        log,
        signal,
        backoff,
      }),
  };
}
