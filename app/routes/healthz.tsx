import prisma from "../db.server";

// Liveness and database reachability for load balancers.
export const loader = async () => {
  await prisma.$queryRawUnsafe("SELECT 1");
  return Response.json({ ok: true });
};
