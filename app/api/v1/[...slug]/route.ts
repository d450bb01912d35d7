import { errorResponse } from "@/lib/http/respond";

/** Unknown API paths answer in the one error shape rather than with an HTML page. */
const notFound = () => errorResponse("NOT_FOUND", "No such API endpoint; see /api/v1/openapi.json");

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
