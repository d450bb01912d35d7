/**
 * Label selection for the commands that act on "everything of an application": the engine
 * filters by label already, the handlers check again (a lax filter must never widen a removal),
 * and an empty label set — which would select every object of the machine — is refused.
 */
import { CommandError } from "./command-error";

export type Labels = Record<string, string>;

export function requireLabels(command: string, labels: Labels): void {
  if (Object.keys(labels).length === 0) {
    throw new CommandError(
      "INVALID_PAYLOAD",
      `${command} needs at least one label: an empty set would select every object on this machine`,
    );
  }
}

export function hasLabels(actual: Labels, wanted: Labels): boolean {
  return Object.entries(wanted).every(([key, value]) => actual[key] === value);
}
