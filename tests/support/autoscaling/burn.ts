/**
 * CPU load on chosen tasks: the test image (scripts/runtime/images/app.js) burns a core on
 * GET /burn; the request is sent from inside each container (docker exec of the image's node), so
 * exactly the tasks chosen burn, whatever the service publishes. Shared by the autoscaling
 * integration test and bench/autoscale.ts.
 */
import { execOutput } from "../runtime/container-exec";
import { dockerClient } from "../runtime/docker-env";

export type Machine = { name: string; socketPath: string };

/** The running containers of a Swarm service on the machines: [machine, container id]. */
export async function runningContainers(machines: Machine[], swarmService: string): Promise<Array<{ machine: Machine; id: string }>> {
  const found = await Promise.all(
    machines.map(async (machine) => {
      const list = await dockerClient(machine.socketPath).listContainers({
        filters: { label: [`com.docker.swarm.service.name=${swarmService}`], status: ["running"] },
      });
      return list.map((c) => ({ machine, id: c.Id }));
    }),
  );
  return found.flat();
}

async function execIn(machine: Machine, id: string, path: string): Promise<string> {
  const script = `require("http").get("http://127.0.0.1:" + (process.env.PORT || 3000) + ${JSON.stringify(path)}, (r) => { r.setEncoding("utf8"); r.on("data", (d) => process.stdout.write(d)); })`;
  return execOutput(dockerClient(machine.socketPath).getContainer(id), ["/usr/bin/node", "-e", script]);
}

/** Starts burning `percent` % of a core for `seconds` in each given container; returns what each answered. */
export async function burn(
  containers: Array<{ machine: Machine; id: string }>,
  { seconds, percent = 100 }: { seconds: number; percent?: number },
): Promise<string[]> {
  return Promise.all(containers.map((c) => execIn(c.machine, c.id, `/burn?seconds=${seconds}&percent=${percent}`)));
}

export async function stopBurning(containers: Array<{ machine: Machine; id: string }>): Promise<void> {
  await Promise.all(containers.map((c) => execIn(c.machine, c.id, "/burn/stop").catch(() => "gone")));
}
