import { variable, type BuiltInTemplate } from "./built-in-template";

export const webDatabase: BuiltInTemplate = {
  id: "web-database",
  name: "Web + database",
  description: "A web service in front of PostgreSQL on a private network, the password kept in a Swarm secret.",
  suggestedAppName: "web-db",
  compose: `services:
  web:
    image: \${WEB_IMAGE}
    deploy:
      replicas: \${WEB_REPLICAS}
    ports:
      - "\${WEB_PORT}:\${WEB_CONTAINER_PORT}"
    environment:
      DATABASE_HOST: db
      DATABASE_NAME: \${DB_NAME}
      DATABASE_USER: \${DB_USER}
      DATABASE_PASSWORD_FILE: /run/secrets/db_password
      ADMINER_DEFAULT_SERVER: db
    secrets: [db_password]
    depends_on: [db]
  db:
    image: \${DB_IMAGE}
    environment:
      POSTGRES_DB: \${DB_NAME}
      POSTGRES_USER: \${DB_USER}
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
    volumes:
      - db-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U \${DB_USER} -d \${DB_NAME}"]
      interval: 10s
      timeout: 5s
      retries: 5
volumes:
  db-data:
secrets:
  db_password:
    environment: DB_PASSWORD
`,
  variables: [
    variable({
      name: "WEB_IMAGE",
      label: "Web image",
      default: "adminer:4.8.1",
      required: true,
      description: "Your application's image. The default, Adminer, is a web console for the database.",
    }),
    variable({ name: "WEB_CONTAINER_PORT", label: "Port the web container listens on", default: "8080", required: true }),
    variable({ name: "WEB_PORT", label: "Published port", default: "8080", required: true, description: "1024 or above." }),
    variable({ name: "WEB_REPLICAS", label: "Web replicas", default: "2", required: true }),
    variable({ name: "DB_IMAGE", label: "PostgreSQL image", default: "postgres:16-alpine", required: true }),
    variable({ name: "DB_NAME", label: "Database name", default: "app", required: true }),
    variable({ name: "DB_USER", label: "Database user", default: "app", required: true }),
    variable({
      name: "DB_PASSWORD",
      label: "Database password",
      required: true,
      secret: true,
      description: "Stored encrypted; both services read it from /run/secrets/db_password.",
    }),
  ],
};
