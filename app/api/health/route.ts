import { checkHealth } from "@/lib/domain/health/check-health";
import { jsonResponse } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Database, Redis and worker liveness; 503 when any is down (for load balancers and the start script). */
export async function GET() {
  const health = await checkHealth();
  return jsonResponse(health, { status: health.status === "ok" ? 200 : 503 });
}
