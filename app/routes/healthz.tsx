import prisma from "../db.server";
import { config } from "../lib/platform/config/config.server";
import { checkReadiness, workerActivity } from "../lib/platform/readiness.server";

// Readiness for load balancers and orchestrators: 200 when this instance can store
// webhooks and do its work, 503 with the reasons (no secrets) when it cannot.
export const loader = async () => {
  const report = await checkReadiness({
    prisma,
    worker: workerActivity(),
    stalledAfterMs: config().worker.stalledAfterMs,
  });
  return Response.json(report, { status: report.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
};
