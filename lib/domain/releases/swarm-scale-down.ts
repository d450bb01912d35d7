/**
 * Which old tasks a rolling step drains, so that the scale-down after it removes exactly those.
 *
 * Swarm does not remove a chosen task when a service scales down; it removes by node balance
 * (swarmkit's replicated orchestrator): each task is numbered as the nth copy on its node, with
 * running tasks counted before stopped ones, and the highest numbers go first (ties keep that
 * running-first order). So a drained task is removed by the scale-down when it sits on the node with
 * the most copies and has stopped by then. Picking tasks one at a time from the fullest node (highest
 * slot first, as Swarm breaks its own ties) makes the drained tasks the ones Swarm takes.
 */
export type OldTask = { taskId: string; swarmNodeId: string | null; slot: number | null };

export function tasksSwarmRemovesFirst<T extends OldTask>(tasks: readonly T[], count: number): T[] {
  const byNode = new Map<string, T[]>();
  for (const t of tasks) {
    const key = t.swarmNodeId ?? "";
    byNode.set(key, [...(byNode.get(key) ?? []), t]);
  }
  for (const list of byNode.values()) list.sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0) || a.taskId.localeCompare(b.taskId));
  const chosen: T[] = [];
  while (chosen.length < count) {
    // The fullest node first; a stable order among equals so a resumed step picks the same tasks.
    const fullest = [...byNode.entries()]
      .filter(([, l]) => l.length > 0)
      .sort(([a, la], [b, lb]) => lb.length - la.length || a.localeCompare(b))[0];
    if (!fullest) break;
    chosen.push(fullest[1].pop()!);
  }
  return chosen;
}
