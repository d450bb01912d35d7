import { verifyEmail } from "@/lib/domain/auth/verify-email";
import { route } from "@/lib/http/route";
import { authEndpoints } from "@/lib/schemas/auth";

export const POST = route(authEndpoints.verifyEmail, ({ body }) => verifyEmail({ token: body.token }));
