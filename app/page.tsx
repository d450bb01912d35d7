import { redirect } from "next/navigation";
import { currentMe } from "@/lib/http/server-session";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await currentMe()) ? "/dashboard" : "/sign-in");
}
