/**
 * bench/autoscale.ts — how long a CPU surge takes to become serving capacity, with the default
 * autoscaling settings (window 10 s, 1 breach, evaluation every AUTOSCALING_EVALUATE_SECONDS).
 *
 *   node --import tsx bench/autoscale.ts [--cluster local] [--rounds 3] [--port 18500] [--image wharf-test/node-app:1]
 *
 * Needs a running Wharf (npm run up) whose `local` cluster has its node connected (the node
 * labelled wharf.lb=true, so it runs HAProxy) and its Prometheus, and the test image built
 * (scripts/runtime/build-test-images.sh: it burns CPU on GET /burn). The bench deploys the
 * acceptance's service (aliyun.auto_scaling.max_cpu 70, min_cpu 20, step 2, max_instances 6,
 * 0.5 CPU, 2 replicas; min_instances 2 so the idle service does not scale in between rounds)
 * behind an HAProxy load balancer bound to 127.0.0.1, then for each round makes both tasks burn a
 * core and times, from the load starting:
 *   metrics   Prometheus's average over the rule's window first above 70 % (the evaluator's query)
 *   decision  the scale-out decision
 *   running   4 task containers running
 *   serving   answers through HAProxy from 4 different tasks
 * Prints each round, the medians and what each step is made of; asserts nothing. Cleans up its
 * application, load balancer and API token, also on failure.
 */
import "dotenv/config";
import { parseArgs } from "node:util";
import { createLoadBalancer } from "@/lib/domain/load-balancers/create-load-balancer";
import { deleteLoadBalancer } from "@/lib/domain/load-balancers/delete-load-balancer";
import { autoscaleSummary, measureAutoscaling } from "./support/autoscale-rounds";
import { runBench } from "./support/bench-cli";
import { lbBenchSetup } from "./support/lb-bench-setup";

const { values } = parseArgs({
  options: {
    cluster: { type: "string", default: "local" },
    rounds: { type: "string", default: "3" },
    port: { type: "string", default: "18500" },
    image: { type: "string", default: "wharf-test/node-app:1" },
  },
});
const print = (line: string) => process.stdout.write(`${line}\n`);
const cleanup: Array<() => Promise<unknown>> = [];

async function main() {
  const { cluster, ctx, image } = await lbBenchSetup({
    clusterName: values.cluster,
    bench: "bench-autoscale",
    localImage: values.image,
    cleanup,
  });
  const lb = await createLoadBalancer({
    ctx,
    clusterId: cluster.id,
    input: { name: `bench-as-${Date.now().toString(36)}`, driver: "haproxy", settings: { bindAddress: "127.0.0.1" } },
  });
  // Cleanups run in order: the application (unshifted by measureAutoscaling) goes before its balancer.
  cleanup.push(() => deleteLoadBalancer({ ctx, loadBalancerId: lb.id }));
  const { rounds, rule } = await measureAutoscaling({
    ctx,
    clusterId: cluster.id,
    image,
    machines: [{ name: "local", socketPath: "/var/run/docker.sock" }],
    rounds: Number(values.rounds),
    balancer: { name: lb.name, port: Number(values.port) },
    cleanup,
    print,
  });
  print("");
  for (const line of autoscaleSummary(rounds, rule)) print(line);
}

runBench(main, cleanup);
