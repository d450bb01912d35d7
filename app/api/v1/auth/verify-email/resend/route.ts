import { resendEmailVerification } from "@/lib/domain/auth/resend-email-verification";
import { route } from "@/lib/http/route";
import { authEndpoints } from "@/lib/schemas/auth";

export const POST = route(authEndpoints.resendVerification, ({ body }) => resendEmailVerification({ input: body }));
