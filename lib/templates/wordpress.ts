import { variable, type BuiltInTemplate } from "./built-in-template";

export const wordpress: BuiltInTemplate = {
  id: "wordpress",
  name: "WordPress + MariaDB",
  description: "The classic two-tier site: WordPress on Apache and its MariaDB database, uploads and data on volumes.",
  suggestedAppName: "blog",
  compose: `services:
  wordpress:
    image: \${WORDPRESS_IMAGE}
    ports:
      - "\${WORDPRESS_PORT}:80"
    environment:
      WORDPRESS_DB_HOST: db
      WORDPRESS_DB_NAME: wordpress
      WORDPRESS_DB_USER: wordpress
      WORDPRESS_DB_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
    volumes:
      - wp-content:/var/www/html/wp-content
    depends_on: [db]
  db:
    image: \${DB_IMAGE}
    environment:
      MARIADB_DATABASE: wordpress
      MARIADB_USER: wordpress
      MARIADB_PASSWORD_FILE: /run/secrets/db_password
      MARIADB_ROOT_PASSWORD_FILE: /run/secrets/db_root_password
    secrets: [db_password, db_root_password]
    volumes:
      - db-data:/var/lib/mysql
volumes:
  wp-content:
  db-data:
secrets:
  db_password:
    environment: DB_PASSWORD
  db_root_password:
    environment: DB_ROOT_PASSWORD
`,
  variables: [
    variable({ name: "WORDPRESS_IMAGE", label: "WordPress image", default: "wordpress:6.6-apache", required: true }),
    variable({ name: "WORDPRESS_PORT", label: "Published port", default: "8081", required: true, description: "1024 or above." }),
    variable({ name: "DB_IMAGE", label: "MariaDB image", default: "mariadb:11.4", required: true }),
    variable({
      name: "DB_PASSWORD",
      label: "Database password",
      required: true,
      secret: true,
      description: "WordPress's own database user.",
    }),
    variable({ name: "DB_ROOT_PASSWORD", label: "Database root password", required: true, secret: true }),
  ],
};
