import "dotenv/config";
import { defineConfig } from "prisma/config";
import { createPgAdapter } from "./lib/pg-adapter";

// `prisma generate` (run by npm install) must resolve env("DATABASE_URL") even when none is set,
// otherwise the CLI cannot read engineType="client" and tries to download a native engine.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/wharf";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js", // the WASM schema engine bundled in the prisma package: nothing is downloaded
  schema: "prisma/schema.prisma",
  adapter: async () => createPgAdapter(process.env.DATABASE_URL ?? "", {}, process.env.SHADOW_DATABASE_URL),
});
