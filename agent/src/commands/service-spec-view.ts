/**
 * The agent's view of a ServiceSpec kept as a plain record (the engine's or the control plane's):
 * name, labels, image, TTY, mode and force-update counter, read by the one spec reader
 * (lib/protocol/read-spec.ts: missing or odd fields read as defaults; the engine remains the judge
 * of a spec's validity). Job modes read as their plain counterparts here.
 */
import { readSpec } from "@/lib/protocol/read-spec";

export type SpecView = {
  name: string;
  labels: Record<string, string>;
  image: string;
  tty: boolean;
  mode: "replicated" | "global";
  /** Replicas (replicated) or completions (replicated job); null for global modes. */
  replicas: number | null;
  forceUpdate: number;
};

export function viewSpec(spec: Record<string, unknown>): SpecView {
  const { name, labels, image, tty, mode, replicas, forceUpdate } = readSpec(spec);
  const global = mode === "global" || mode === "global-job";
  return { name, labels, image, tty, mode: global ? "global" : "replicated", replicas, forceUpdate };
}
