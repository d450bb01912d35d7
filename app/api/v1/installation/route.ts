import { getInstallation } from "@/lib/domain/installation/get-installation";
import { route } from "@/lib/http/route";
import { installationEndpoints } from "@/lib/schemas/installation";

export const GET = route(installationEndpoints.get, () => getInstallation());
