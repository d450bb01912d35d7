import { readFile } from "node:fs/promises";
import path from "node:path";
import { errorResponse } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** The agent as one file for `node wharf-agent.mjs` (built by `npm run agent:build`). */
export async function GET() {
  try {
    const bundle = await readFile(path.join(process.cwd(), ".wharf/agent/wharf-agent.mjs"));
    return new Response(bundle, { headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" } });
  } catch {
    return errorResponse(
      "UNAVAILABLE",
      "The agent bundle has not been built on this console; run `npm run agent:build` (npm run up does it)",
    );
  }
}
