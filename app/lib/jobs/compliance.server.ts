import type { PrismaClient } from "@prisma/client";
import { orderGid } from "../inbox/inbox.server";
import { logger } from "../platform/logger.server";
import type { TopicJobs } from "./job.server";

/**
 * Mandatory compliance topics. We store no customer profile, only per-order reviews, so
 * a customer's data is the reviews of the orders Shopify names. They run whether or not
 * the app is still installed (shop/redact comes 48 hours after the uninstall).
 */
export function complianceJobs(
  prisma: PrismaClient,
): Pick<TopicJobs, "customers/redact" | "customers/data_request" | "shop/redact"> {
  return {
    "customers/redact": async (event) => {
      const { orderKeys, customerId } = event.payload;
      const [removed] = await prisma.$transaction([
        prisma.review.deleteMany({ where: { shop: event.shop, orderId: { in: orderKeys.map(orderGid) } } }),
        // Apruvd callbacks waiting in the inbox may carry notes or a corrected email.
        prisma.inboxEvent.deleteMany({
          where: { shop: event.shop, orderKey: { in: orderKeys }, id: { not: event.id } },
        }),
        // A data request report not delivered yet holds the same reviews.
        prisma.dataRequestReport.deleteMany({
          where: {
            shop: event.shop,
            OR: [
              ...(customerId ? [{ customerId }] : []),
              ...orderKeys.map((orderKey) => ({ report: { contains: `"${orderGid(orderKey)}"` } })),
            ],
          },
        }),
      ]);
      logger.info("customer data redacted", { shop: event.shop, reviews: removed.count });
    },
    "customers/data_request": async (event) => {
      const { orderKeys, customerId, dataRequestId } = event.payload;
      const reviews = await prisma.review.findMany({
        where: { shop: event.shop, orderId: { in: orderKeys.map(orderGid) } },
        select: {
          orderId: true,
          orderName: true,
          status: true,
          riskGrade: true,
          notes: true,
          total: true,
          currency: true,
          transactionId: true,
          submittedAt: true,
          decidedAt: true,
          createdAt: true,
          events: { select: { type: true, message: true, createdAt: true }, orderBy: { createdAt: "asc" } },
        },
      });
      const existing = dataRequestId
        ? await prisma.dataRequestReport.findFirst({ where: { shop: event.shop, dataRequestId } })
        : null;
      if (!existing) {
        await prisma.dataRequestReport.create({
          data: {
            shop: event.shop,
            dataRequestId: dataRequestId ?? null,
            customerId,
            report: JSON.stringify({ reviews }),
          },
        });
      }
      logger.info("customer data request answered", { shop: event.shop, reviewsHeld: reviews.length });
    },
    "shop/redact": async (event) => {
      await prisma.$transaction([
        prisma.review.deleteMany({ where: { shop: event.shop } }),
        prisma.dataRequestReport.deleteMany({ where: { shop: event.shop } }),
        prisma.shopSettings.deleteMany({ where: { shop: event.shop } }),
        prisma.session.deleteMany({ where: { shop: event.shop } }),
        prisma.inboxEvent.deleteMany({ where: { shop: event.shop, id: { not: event.id } } }),
      ]);
      logger.info("shop data redacted", { shop: event.shop });
    },
  };
}
