/**
 * Prisma client singleton. Only lib/domain (and the test harness) query the database.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@prisma/client";
import { envValue } from "./env";

export type DbClient = PrismaClient | Prisma.TransactionClient;

const globalForPrisma = globalThis as unknown as { wharfPrisma?: PrismaClient };

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: envValue("DATABASE_URL"), max: 10 }) });
}

export const prisma: PrismaClient = globalForPrisma.wharfPrisma ?? createClient();
// Next.js dev reloads modules; keep one pool per process.
globalForPrisma.wharfPrisma = prisma;

export { Prisma };
