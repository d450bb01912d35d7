/**
 * The acceptance's service (issue 12): the node test image with a 0.5 CPU limit, 2 replicas and
 * aliyun.auto_scaling.max_cpu 70, min_cpu 20, step 2, max_instances 6, plus the labels a caller
 * adds (a load-balancer binding, shorter cooldowns…). min_instances 2 by default: with the classic
 * default of 1 the idle service would scale in before any load starts.
 */
export function scaledServiceCompose({
  image,
  labels = {},
  ports = [],
}: {
  image: string;
  labels?: Record<string, string>;
  ports?: string[];
}): string {
  const all: Record<string, string> = {
    "aliyun.auto_scaling.max_cpu": "70",
    "aliyun.auto_scaling.min_cpu": "20",
    "aliyun.auto_scaling.step": "2",
    "aliyun.auto_scaling.max_instances": "6",
    "aliyun.auto_scaling.min_instances": "2",
    ...labels,
  };
  return `services:
  web:
    image: ${image}
    environment:
      PORT: "3000"
${ports.length ? `    ports:\n${ports.map((p) => `      - "${p}"\n`).join("")}` : ""}    deploy:
      replicas: 2
      resources:
        limits:
          cpus: "0.5"
    labels:
${Object.entries(all)
  .map(([k, v]) => `      ${k}: "${v}"\n`)
  .join("")}`;
}
