/**
 * Serves the offline test images from the hosted Wharf registry: logs in with an organisation's
 * API token (a private DOCKER_CONFIG, never ~/.docker), retags the local images into the
 * organisation's namespace and pushes them. Services then reference the registry's bridge address,
 * which netns "machines" reach, so no engine ever looks for them on Docker Hub.
 * Shared by the integration tests (vitest) and the e2e tests (Playwright): no test-runner imports.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureTestImages, TEST_IMAGES } from "./runtime/docker-env";

function docker(args: string[], config: string, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "docker",
      args,
      { env: { ...process.env, DOCKER_CONFIG: config, DOCKER_CLI_HINTS: "false" }, timeout: 300_000, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`docker ${args.join(" ")} failed: ${stderr || error.message}`)) : resolve(stdout),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

export type PushedImages = { busybox: string; nodeAppV1: string; nodeAppV2: string; nginxStandin: string };

const LOCAL = {
  busybox: TEST_IMAGES.busybox,
  nodeAppV1: TEST_IMAGES.nodeAppV1,
  nodeAppV2: TEST_IMAGES.nodeAppV2,
  nginxStandin: "wharf-test/nginx-standin:1",
};

/** Pushes one local image under another name (e.g. new content for an existing tag). */
export async function pushAs({
  apiToken,
  pushHost,
  local,
  target,
}: {
  apiToken: string;
  pushHost: string;
  local: string;
  target: string;
}): Promise<void> {
  const config = mkdtempSync(path.join(os.tmpdir(), "wharf-test-docker-"));
  try {
    await docker(["login", pushHost, "-u", "token", "--password-stdin"], config, apiToken);
    await docker(["tag", local, `${pushHost}/${target}`], config);
    await docker(["push", `${pushHost}/${target}`], config);
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}

/**
 * @param pushHost the registry as the host's engine reaches it (loopback, e.g. 127.0.0.1:5391)
 * @param pullHost the same registry as the machines reach it (e.g. 10.77.0.1:5391)
 */
export async function pushTestImages({
  apiToken,
  slug,
  pushHost,
  pullHost,
}: {
  apiToken: string;
  slug: string;
  pushHost: string;
  pullHost: string;
}): Promise<PushedImages> {
  // Built here too (cached: a fraction of a second), so a file run on its own finds them.
  await ensureTestImages();
  const config = mkdtempSync(path.join(os.tmpdir(), "wharf-test-docker-"));
  try {
    await docker(["login", pushHost, "-u", "token", "--password-stdin"], config, apiToken);
    const out = {} as PushedImages;
    for (const [key, local] of Object.entries(LOCAL) as Array<[keyof PushedImages, string]>) {
      const repo = local.replace(/^wharf-test\//, "");
      await docker(["tag", local, `${pushHost}/${slug}/${repo}`], config);
      await docker(["push", `${pushHost}/${slug}/${repo}`], config);
      out[key] = `${pullHost}/${slug}/${repo}`;
    }
    return out;
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}
