import { Badge } from "@/components/ui/badge";
import type { Application } from "@/lib/schemas/applications";

const TONES = {
  DEPLOYING: "blue",
  RUNNING: "green",
  DEGRADED: "yellow",
  STOPPED: "gray",
  FAILED: "red",
  DELETING: "gray",
  DELETED: "gray",
} as const;

export function AppStatusBadge({ status }: { status: Application["status"] }) {
  return <Badge tone={TONES[status]}>{status.toLowerCase()}</Badge>;
}
