/**
 * In-memory state of the Shopify simulator: shops, apps (access tokens), orders and
 * everything hanging off them, as GraphQL-shaped objects (model/types.ts).
 *
 * The mutations' business rules (tags, holds, risk assessments, order update/cancel) are
 * plain methods here too, so tests can drive the store without HTTP when they want; each
 * rule lives in its model/ module (fulfillment-orders.ts, order-changes.ts) and the store
 * hands it itself.
 */
import { ADMIN_API_VERSION } from "../../app/lib/platform/shopify-app";
import { scopesFromAppToml, type GrantedAccess, type ProtectedDataLevel } from "./access-scopes";
import * as fulfillmentOrders from "./model/fulfillment-orders";
import type { HoldInput, HoldResult, ReleaseResult } from "./model/fulfillment-orders";
import { inspectOrder, type OrderInspection } from "./model/inspection";
import * as orderChanges from "./model/order-changes";
import type { OrderCancelArgs, OrderUpdateInput, RiskAssessmentInput, TagsResult } from "./model/order-changes";
import type {
  App,
  FulfillmentHold,
  FulfillmentOrder,
  Job,
  OrderRiskAssessment,
  SeedShopOptions,
  StoreOrder,
  StoreShop,
  StoreUserError,
} from "./model/types";
import { gid, GID_PREFIX, isoSeconds } from "./model/values";

export type * from "./model/types";
export type { InspectedHold, OrderInspection } from "./model/inspection";

export interface StoreOptions {
  /** Clock in epoch milliseconds (injectable for tests). Default Date.now. */
  now?: () => number;
}

export class Store {
  readonly now: () => number;
  private readonly shops = new Map<string, StoreShop>();
  private readonly counters = new Map<string, number>();
  /** All apps (gid → App), shared across shops like Shopify's app registry. */
  readonly apps = new Map<string, App>();

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  nowIso(): string {
    return isoSeconds(this.now());
  }

  /**
   * Next numeric id for a resource type. Ids are global across shops (like Shopify's)
   * and look like real ones (13 digits, still exact as JS numbers).
   */
  nextId(type: string): number {
    const base: Record<string, number> = {
      Order: 5_100_000_000_000,
      LineItem: 13_200_000_000_000,
      FulfillmentOrder: 6_300_000_000_000,
    };
    const next = (this.counters.get(type) ?? base[type] ?? 1_000_000) + 1;
    this.counters.set(type, next);
    return next;
  }

  newGid(type: string): string {
    return gid(type, this.nextId(type));
  }

  // ---- shops & apps ---------------------------------------------------------------------

  seedShop(domain: string, options: SeedShopOptions): StoreShop {
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(domain)) {
      throw new Error(`shop domain must look like "example.myshopify.com", got "${domain}"`);
    }
    if (this.shops.has(domain)) throw new Error(`shop ${domain} is already seeded`);
    const app = this.registerApp(options.appTitle ?? "Apruvd");
    const offset = options.utcOffsetMinutes ?? -300;
    const sign = offset < 0 ? "-" : "+";
    const abs = Math.abs(offset);
    const shop: StoreShop = {
      __typename: "Shop",
      id: this.newGid("Shop"),
      name: options.name ?? domain.replace(/\.myshopify\.com$/, ""),
      email: options.email ?? `owner@${domain}`,
      contactEmail: options.email ?? `owner@${domain}`,
      myshopifyDomain: domain,
      url: `https://${domain}`,
      currencyCode: options.currencyCode ?? "USD",
      ianaTimezone: options.ianaTimezone ?? (offset === -300 ? "America/New_York" : "Etc/UTC"),
      timezoneAbbreviation: offset === -300 ? "EST" : "UTC",
      timezoneOffset: `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`,
      _utcOffsetMinutes: offset,
      _app: app,
      _tokens: new Map([[options.accessToken, app.id]]),
      _readAllOrders: options.readAllOrders ?? true,
      _grantedScopes: new Set(options.scopes ?? scopesFromAppToml()),
      _protectedCustomerData: options.protectedCustomerData ?? 2,
      _orders: [],
      _nodes: new Map(),
      _jobs: new Map(),
      _nextOrderNumber: options.firstOrderNumber ?? 1001,
    };
    for (const other of options.otherApps ?? []) {
      const otherApp = this.findAppByTitle(other.title) ?? this.registerApp(other.title);
      if (other.accessToken) shop._tokens.set(other.accessToken, otherApp.id);
    }
    this.shops.set(domain, shop);
    return shop;
  }

  registerApp(title: string): App {
    const n = this.nextId("App");
    const handle =
      title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "") || `app-${n}`;
    const app: App = {
      __typename: "App",
      id: gid("App", n),
      title,
      handle,
      apiKey: `${handle}-${n}`.padEnd(32, "0").slice(0, 32),
      description: null,
      developerName: title,
      embedded: true,
      published: false,
      shopifyDeveloped: false,
      webhookApiVersion: ADMIN_API_VERSION,
    };
    this.apps.set(app.id, app);
    return app;
  }

  findAppByTitle(title: string): App | undefined {
    for (const app of this.apps.values()) if (app.title === title) return app;
    return undefined;
  }

  /** The app placing holds "from elsewhere" (another fulfillment/fraud app), created on demand. */
  otherApp(title = "Other Fraud App"): App {
    return this.findAppByTitle(title) ?? this.registerApp(title);
  }

  shopNames(): string[] {
    return [...this.shops.keys()];
  }

  findShop(domain: string): StoreShop | undefined {
    return this.shops.get(domain);
  }

  shop(domain: string): StoreShop {
    const shop = this.shops.get(domain);
    if (!shop) throw new Error(`shop ${domain} is not seeded (seedShop first)`);
    return shop;
  }

  /** What the shop granted `appId`: its own app what it was seeded with, any other app everything. */
  accessOf(domain: string, appId: string): GrantedAccess {
    const shop = this.shop(domain);
    if (appId !== shop._app.id) return { scopes: null, protectedCustomerData: 2 };
    return { scopes: shop._grantedScopes, protectedCustomerData: shop._protectedCustomerData };
  }

  /** Changes what the shop granted its app (a merchant approving new scopes, protected data denied...). */
  setAccess(domain: string, access: { scopes?: readonly string[]; protectedCustomerData?: ProtectedDataLevel }): void {
    const shop = this.shop(domain);
    if (access.scopes) shop._grantedScopes = new Set(access.scopes);
    if (access.protectedCustomerData !== undefined) shop._protectedCustomerData = access.protectedCustomerData;
  }

  /** The app an access token authenticates as on this shop, or undefined. */
  authenticate(domain: string, token: string | undefined): App | undefined {
    const shop = this.shops.get(domain);
    if (!shop || !token) return undefined;
    const appId = shop._tokens.get(token);
    return appId ? this.apps.get(appId) : undefined;
  }

  // ---- orders ----------------------------------------------------------------------------

  nextOrderNumber(domain: string): number {
    const shop = this.shop(domain);
    return shop._nextOrderNumber++;
  }

  /** Adds a fully built order (see orders.ts builders) and indexes its nodes. */
  insertOrder(domain: string, order: StoreOrder): StoreOrder {
    const shop = this.shop(domain);
    if (shop._nodes.has(order.id)) throw new Error(`${order.id} already exists in ${domain}`);
    order._shop = domain;
    shop._orders.push(order);
    this.index(shop, order);
    return order;
  }

  private index(shop: StoreShop, order: StoreOrder): void {
    const put = (n: { __typename: string; id: string } | null | undefined) => {
      if (n) shop._nodes.set(n.id, n);
    };
    put(order);
    put(order.customer);
    for (const li of order.lineItems) {
      put(li);
      put(li.product);
    }
    for (const t of order.transactions) put(t);
    for (const fo of order.fulfillmentOrders) {
      put(fo);
      for (const h of fo.fulfillmentHolds) put(h);
      for (const h of fo._releasedHolds) put(h);
      for (const li of fo.lineItems) put(li);
    }
    if (order.purchasingEntity?.__typename === "PurchasingCompany") {
      put(order.purchasingEntity.company);
      put(order.purchasingEntity.location);
    }
    put(order.paymentTerms);
    put(order.billingAddress);
    put(order.shippingAddress);
    put(order.staffMember);
  }

  orders(domain: string): StoreOrder[] {
    return this.shop(domain)._orders;
  }

  node<T extends { __typename: string; id: string } = { __typename: string; id: string }>(
    domain: string,
    id: string,
  ): T | undefined {
    return this.shop(domain)._nodes.get(id) as T | undefined;
  }

  /** Order by gid, legacy id (number or string) or name ("#1001"). */
  findOrder(domain: string, idOrName: string | number): StoreOrder | undefined {
    const shop = this.shop(domain);
    const key = String(idOrName);
    if (key.startsWith(GID_PREFIX)) {
      const n = shop._nodes.get(key.replace(/\?.*$/, ""));
      return n?.__typename === "Order" ? (n as StoreOrder) : undefined;
    }
    if (/^\d+$/.test(key)) {
      const byId = shop._orders.find((o) => o.legacyResourceId === key);
      if (byId) return byId;
    }
    const name = key.startsWith("#") ? key : `#${key}`;
    for (let i = shop._orders.length - 1; i >= 0; i--) if (shop._orders[i].name === name) return shop._orders[i];
    return undefined;
  }

  order(domain: string, idOrName: string | number): StoreOrder {
    const o = this.findOrder(domain, idOrName);
    if (!o) throw new Error(`no order ${idOrName} in ${domain}`);
    return o;
  }

  /** Orders the API can see (60-day window without read_all_orders). */
  visibleOrders(domain: string): StoreOrder[] {
    const shop = this.shop(domain);
    if (shop._readAllOrders) return shop._orders;
    const cutoff = this.now() - 60 * 24 * 3600 * 1000;
    return shop._orders.filter((o) => Date.parse(o.createdAt) >= cutoff);
  }

  isVisible(domain: string, order: StoreOrder): boolean {
    const shop = this.shop(domain);
    return shop._readAllOrders || Date.parse(order.createdAt) >= this.now() - 60 * 24 * 3600 * 1000;
  }

  orderOfFulfillmentOrder(domain: string, fo: FulfillmentOrder): StoreOrder {
    return this.order(domain, fo._orderId);
  }

  /** Marks the order as changed now (updatedAt). */
  touch(order: StoreOrder): void {
    order.updatedAt = this.nowIso();
  }

  // ---- fulfillment orders and jobs ------------------------------------------------------

  findFulfillmentOrder(domain: string, id: string): FulfillmentOrder | undefined {
    const n = this.shop(domain)._nodes.get(id);
    if (n?.__typename !== "FulfillmentOrder") return undefined;
    const fo = n as FulfillmentOrder;
    return this.isVisible(domain, this.orderOfFulfillmentOrder(domain, fo)) ? fo : undefined;
  }

  findJob(domain: string, id: string): Job | undefined {
    const job = this.shop(domain)._jobs.get(id);
    // Simulated work is instant: a job reports done from its first poll on.
    if (job) job.done = true;
    return job;
  }

  // ---- Shopify's rules, in model/ --------------------------------------------------------

  tagsAdd(domain: string, id: string, tags: readonly string[] | string): TagsResult {
    return orderChanges.tagsAdd(this, domain, id, tags);
  }

  tagsRemove(domain: string, id: string, tags: readonly string[] | string): TagsResult {
    return orderChanges.tagsRemove(this, domain, id, tags);
  }

  holdFulfillmentOrder(domain: string, foId: string, input: HoldInput, appId: string): HoldResult {
    return fulfillmentOrders.holdFulfillmentOrder(this, domain, foId, input, appId);
  }

  /** Places a hold without the API's checks (seeding, e.g. another app's hold). */
  addHold(domain: string, fo: FulfillmentOrder, input: HoldInput, appId: string): FulfillmentHold {
    return fulfillmentOrders.addHold(this, domain, fo, input, appId);
  }

  releaseFulfillmentOrderHold(
    domain: string,
    foId: string,
    holdIds: readonly string[] | null | undefined,
    appId: string,
  ): ReleaseResult {
    return fulfillmentOrders.releaseFulfillmentOrderHold(this, domain, foId, holdIds, appId);
  }

  createRiskAssessment(
    domain: string,
    input: RiskAssessmentInput,
    appId: string | null,
  ): { orderRiskAssessment: OrderRiskAssessment | null; userErrors: StoreUserError[] } {
    return orderChanges.createRiskAssessment(this, domain, input, appId);
  }

  updateOrder(domain: string, input: OrderUpdateInput): { order: StoreOrder | null; userErrors: StoreUserError[] } {
    return orderChanges.updateOrder(this, domain, input);
  }

  cancelOrder(
    domain: string,
    args: OrderCancelArgs,
  ): { job: Job | null; order: StoreOrder | null; userErrors: StoreUserError[] } {
    return orderChanges.cancelOrder(this, domain, args);
  }

  /** A test's view of one order (tags, holds by app, fulfillment order states, risk assessments). */
  inspectOrder(domain: string, idOrName: string | number): OrderInspection {
    return inspectOrder(this, domain, idOrName);
  }
}
