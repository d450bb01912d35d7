import { listInstallationOrganizations } from "@/lib/domain/installation/list-installation-organizations";
import { route } from "@/lib/http/route";
import { installationEndpoints } from "@/lib/schemas/installation";

export const GET = route(installationEndpoints.listOrganizations, ({ query }) => listInstallationOrganizations({ page: query }));
