import { READ } from "@/lib/api/access";
import { apiRoute } from "@/lib/api/route";
import { listAlerts } from "@/lib/alerts";

// GET /api/v1/alerts — lists alerts, most recently fired first, filtered by ?state=open|firing|acknowledged|resolved|all, ?endpoint= and ?limit=.
export const GET = apiRoute({ access: READ }, async (ctx, { url }) => ({ alerts: await listAlerts(ctx, Object.fromEntries(url.searchParams)) }));
