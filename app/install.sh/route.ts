import { readFile } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/** The agent installer (`curl … /install.sh -o wharf-install.sh && echo <token> | sudo sh wharf-install.sh --url … --token-file /dev/stdin`). */
export async function GET() {
  const script = await readFile(path.join(process.cwd(), "scripts/agent-install.sh"), "utf8");
  return new Response(script.replaceAll("__WHARF_CONSOLE_URL__", env.PUBLIC_URL.replace(/\/$/, "")), {
    headers: { "content-type": "text/x-shellscript; charset=utf-8", "cache-control": "no-store" },
  });
}
