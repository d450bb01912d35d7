import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The test suite builds into its own folder so it never swaps files under a running console.
  distDir: process.env.WHARF_DIST_DIR ?? ".next",
  // Server-only packages with native or WASM parts are loaded from node_modules, not bundled.
  serverExternalPackages: [
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "@node-rs/argon2",
    "pino",
    "bullmq",
    "ioredis",
    "dockerode",
    "ws",
    "nodemailer",
    "@alicloud/log",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
