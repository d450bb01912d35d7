import { variable, type BuiltInTemplate } from "./built-in-template";

// Both read the password from the Swarm secret; `$$` is a literal `$` for the container's shell.
const PASSWORD = '"$$(cat /run/secrets/redis_password)"';

export const redisReplication: BuiltInTemplate = {
  id: "redis-replication",
  name: "Redis primary + replicas",
  description: "One Redis primary with persistence and read-only replicas that follow it, all behind a password.",
  suggestedAppName: "redis",
  compose: `services:
  primary:
    image: \${REDIS_IMAGE}
    command: ["sh", "-c", 'exec redis-server --appendonly yes --requirepass ${PASSWORD}']
    secrets: [redis_password]
    volumes:
      - primary-data:/data
  replica:
    image: \${REDIS_IMAGE}
    command:
      - sh
      - -c
      - 'exec redis-server --replicaof primary 6379 --replica-read-only yes --masterauth ${PASSWORD} --requirepass ${PASSWORD}'
    deploy:
      replicas: \${REPLICA_COUNT}
    secrets: [redis_password]
    depends_on: [primary]
volumes:
  primary-data:
secrets:
  redis_password:
    environment: REDIS_PASSWORD
`,
  variables: [
    variable({ name: "REDIS_IMAGE", label: "Redis image", default: "redis:7.4-alpine", required: true }),
    variable({
      name: "REPLICA_COUNT",
      label: "Replicas",
      default: "2",
      required: true,
      description: "Read-only copies following the primary.",
    }),
    variable({
      name: "REDIS_PASSWORD",
      label: "Redis password",
      required: true,
      secret: true,
      description: "Clients and replicas authenticate with it.",
    }),
  ],
};
