import type { InboxEvent, PrismaClient, ShopSettings } from "@prisma/client";
import type { ApruvdClient } from "../clients/apruvd/client";
import type { ApruvdStatus } from "../clients/apruvd/types";
import { orderGid } from "../inbox/inbox.server";
import { logger } from "../platform/logger.server";
import type { MerchantActionPayload } from "../receive/merchant-actions.server";
import {
  applyDecision,
  cancelReview,
  elevateReview,
  resyncReview,
  reviewOrder,
  updateReview,
  type ReviewDeps,
} from "../review/review-service.server";
import type { AdminGraphql } from "../clients/shopify/admin-graphql";
import { createComplianceHandlers } from "./compliance.server";
import { runReconciliationSweep, type SweepOptions } from "./reconciliation.server";
import { ensureShopSettings } from "../merchant/settings/shop-settings.server";
import { type InboxHandler, RetryLaterError } from "../runner/sqlite-lease-worker.server";

/**
 * What the worker does with each kind of inbox event. Collaborators come in as
 * functions so that tests run these handlers against the local simulators.
 */
export interface HandlerDeps {
  prisma: PrismaClient;
  adminFor: (shop: string) => Promise<AdminGraphql>;
  apruvdFor: (settings: ShopSettings) => ApruvdClient | null;
  sweep?: SweepOptions;
}

export interface OrderEventPayload {
  orderKey: string;
  fingerprint?: string | null;
}

export interface DecisionEventPayload {
  transaction_id: number;
  status: ApruvdStatus;
  notes?: string;
  corrected_email?: string;
}

/** How long a callback for a transaction we have not stored yet is retried before it is dropped with a log line. */
const UNKNOWN_TRANSACTION_ATTEMPTS = 30;

export function createInboxHandlers(deps: HandlerDeps): Record<string, InboxHandler> {
  async function reviewDeps(shop: string): Promise<ReviewDeps | null> {
    const settings = await ensureShopSettings(deps.prisma, shop);
    if (settings.uninstalledAt) return null;
    return {
      prisma: deps.prisma,
      admin: await deps.adminFor(shop),
      apruvd: deps.apruvdFor(settings),
      settings,
    };
  }

  const reviewNewOrder: InboxHandler = async (event) => {
    const { orderKey, fingerprint } = JSON.parse(event.payload) as OrderEventPayload;
    const context = await reviewDeps(event.shop);
    if (!context) return skipUninstalled(event);
    await reviewOrder(context, event.shop, orderGid(orderKey), { fingerprint });
  };

  const orderUpdated: InboxHandler = async (event) => {
    const { orderKey, fingerprint } = JSON.parse(event.payload) as OrderEventPayload;
    // Our own tag and hold changes fire orders/updated too: settle those without an Admin call.
    const review = await deps.prisma.review.findUnique({
      where: { shop_orderId: { shop: event.shop, orderId: orderGid(orderKey) } },
      select: { fingerprint: true, status: true },
    });
    if (review && (review.status === "cancelled" || (fingerprint && review.fingerprint === fingerprint))) return;
    const context = await reviewDeps(event.shop);
    if (!context) return skipUninstalled(event);
    await updateReview(context, event.shop, orderGid(orderKey), fingerprint ?? null);
  };

  const decision: InboxHandler = async (event) => {
    const payload = JSON.parse(event.payload) as DecisionEventPayload;
    const context = await reviewDeps(event.shop);
    if (!context) return skipUninstalled(event);
    const result = await applyDecision(context, event.shop, payload);
    if (result.reason === "unknown transaction") {
      if (event.attempts >= UNKNOWN_TRANSACTION_ATTEMPTS) {
        logger.warn("decision for an unknown transaction dropped", { shop: event.shop, transactionId: payload.transaction_id });
        return;
      }
      // The submit may not be stored yet (the callback overtook it): look again shortly.
      throw new RetryLaterError("decision for a transaction not stored yet", 2000);
    }
  };

  const orderCancelled: InboxHandler = async (event) => {
    const { orderKey } = JSON.parse(event.payload) as OrderEventPayload;
    const context = await reviewDeps(event.shop);
    if (!context) return skipUninstalled(event);
    await cancelReview(context, event.shop, orderGid(orderKey), "The order was cancelled in Shopify.");
  };

  const merchantAction: InboxHandler = async (event) => {
    const { orderKey, action } = JSON.parse(event.payload) as MerchantActionPayload;
    const context = await reviewDeps(event.shop);
    if (!context) return skipUninstalled(event);
    const orderId = orderGid(orderKey);
    if (action === "submit") await reviewOrder(context, event.shop, orderId, { force: true });
    else if (action === "elevate") await elevateReview(context, event.shop, orderId);
    else if (action === "resync") await resyncReview(context, event.shop, orderId);
    else await cancelReview(context, event.shop, orderId, "Cancelled by the merchant.");
  };

  const reconcile: InboxHandler = async (event) => {
    const context = await reviewDeps(event.shop);
    if (!context) return skipUninstalled(event);
    await runReconciliationSweep({ prisma: deps.prisma, admin: context.admin }, event.shop, deps.sweep);
  };

  return {
    "orders/create": reviewNewOrder,
    "system/reconcile": reconcile,
    "system/poll": merchantAction,
    "orders/cancelled": orderCancelled,
    "merchant/submit": merchantAction,
    "merchant/elevate": merchantAction,
    "merchant/resync": merchantAction,
    "merchant/cancel": merchantAction,
    "orders/updated": orderUpdated,
    "apruvd/review-complete": decision,
    ...createComplianceHandlers(deps.prisma),
  };
}

function skipUninstalled(event: InboxEvent): void {
  logger.info("event skipped: app uninstalled", { shop: event.shop, topic: event.topic, eventId: event.id });
}
