import type Docker from "dockerode";

/** Removes, running or not, every container a test run labelled `wharf.test=<run>` on that engine. */
export async function removeTestContainers(docker: Docker, run: string): Promise<void> {
  const mine = await docker.listContainers({ all: true, filters: { label: [`wharf.test=${run}`] } });
  await Promise.all(
    mine.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}
