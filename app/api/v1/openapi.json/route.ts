import { env } from "@/lib/env";
import { buildOpenApi } from "@/lib/http/openapi";
import { jsonResponse } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET() {
  return jsonResponse(buildOpenApi(env.PUBLIC_URL));
}
