/**
 * `npm run demo`: the app's main job, end to end, on this machine. Builds the app, starts
 * the Apruvd sandbox, the Shopify simulator and the app (SQLite, in-process worker),
 * installs a shop through the real onboarding call, sends HMAC-signed orders/create
 * webhooks (Shopify's published example payloads plus generated variants) through the
 * app's HTTP routes, and checks that every order ends where Apruvd's documented test
 * triggers say it must. Exit code 0 only if every order did.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { DEFAULT_SHOP, expectedDecision, startLocalStack } from "../sandbox/local-stack";
import {
  ORDER_VARIANTS,
  generateOrder,
  loadExamplePayload,
  orderFromExamplePayload,
  type OrderSpec,
} from "../sandbox/shopify/orders";
import type { StoreOrder } from "../sandbox/shopify/store";
import { HOLD_HANDLE } from "../sandbox/harness/utilities";

// Per-order progress lines would drown the summary; warnings and errors still show.
process.env.LOG_LEVEL ??= "warn";
const started = Date.now();

if (!process.argv.includes("--no-build")) {
  console.log("Building the app…");
  const build = spawnSync(path.resolve("node_modules/.bin/remix"), ["vite:build", "--logLevel", "error"], {
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const stack = await startLocalStack({ apruvd: { reviewDelayMs: 300 } });
let exitCode = 1;
try {
  const { shop } = await stack.installShop(DEFAULT_SHOP);
  console.log(
    `App ${stack.app.url} · Apruvd sandbox ${stack.apruvd.url} · Shopify simulator ${stack.shopify.url} · shop ${shop}\n`,
  );

  // Shopify's example payload is a cancelled order named #9999; as a new order it is neither.
  const example = (options?: Parameters<typeof orderFromExamplePayload>[1]): OrderSpec => ({
    ...orderFromExamplePayload(loadExamplePayload("orders/create"), options),
    name: undefined,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
  });
  const specs: { label: string; spec: OrderSpec }[] = [
    { label: "example orders/create", spec: example() },
    {
      label: "example orders/create (card 555555)",
      spec: example({ card: { bin: "555555", last4: "4444", company: "Visa", name: "Bob Norman" } }),
    },
    ...ORDER_VARIANTS.map((variant, i) => ({ label: variant, spec: generateOrder(variant, 7, i) })),
  ];

  const placed: { label: string; order: StoreOrder; expected: string }[] = [];
  for (const { label, spec } of specs) {
    const { order, status } = await stack.placeOrder(shop, spec);
    if (status !== 200) throw new Error(`orders/create webhook for ${label} answered ${status}`);
    placed.push({ label, order, expected: expectedDecision(order) });
  }
  // Shopify delivers at least once: a repeated delivery must not create a second review.
  const repeat = placed[0];
  await stack.sendOrderWebhook(shop, repeat.order, "orders/create", "repeated-delivery");
  await stack.sendOrderWebhook(shop, repeat.order, "orders/create", "repeated-delivery");

  const settled = async () => {
    const reviews = await stack.prisma.review.findMany({ where: { shop } });
    return placed.every(({ order, expected }) => {
      const review = reviews.find((r) => r.orderId === order.id);
      const visible = expected === "Submitted" ? "under_review" : expected;
      return review?.status === expected && review.writtenBackStatus === visible;
    });
  };
  const finished = await stack.waitUntil(settled, 60_000);

  const reviews = await stack.prisma.review.findMany({ where: { shop } });
  const rows = placed.map(({ label, order, expected }) => {
    const review = reviews.find((r) => r.orderId === order.id);
    const seen = stack.shopify.order(shop, order.id);
    const ours = seen.fulfillmentOrders
      .flatMap((fo) => [...fo.holds, ...fo.releasedHolds])
      .filter((h) => h.handle === HOLD_HANDLE);
    const activeOurs = ours.filter((h) => !h.releasedAt).length;
    const foreign = seen.holds.active.filter((h) => h.handle !== HOLD_HANDLE).length;
    const holdState = activeOurs > 0 ? `held (${activeOurs})` : ours.length > 0 ? "released" : "none";
    const risk = seen.riskAssessments.at(-1)?.riskLevel ?? "—";
    const holdOk =
      expected === "Approved"
        ? activeOurs === 0
        : activeOurs > 0 ||
          seen.fulfillmentOrders.every((fo) => !fo.supportedActions.includes("HOLD") && fo.holds.length === 0);
    const tagOk = seen.tags.includes(
      expected === "Approved" ? "apruvd-approved" : expected === "Declined" ? "apruvd-declined" : "apruvd-reviewing",
    );
    const riskOk = risk === (expected === "Approved" ? "LOW" : expected === "Declined" ? "HIGH" : "PENDING");
    const ok = review?.status === expected && holdOk && tagOk && riskOk;
    return {
      ok,
      label,
      name: order.name,
      status: review?.status ?? "—",
      expected,
      grade: review?.riskGrade ?? "—",
      tags: seen.tags.filter((t) => t.startsWith("apruvd-")).join(","),
      holdState: foreign ? `${holdState} +${foreign} other app` : holdState,
      risk,
    };
  });

  const header = ["", "order", "variant", "Apruvd status", "expected", "grade", "tags", "hold", "risk"];
  const table = [
    header,
    ...rows.map((r) => [r.ok ? "✓" : "✗", r.name, r.label, r.status, r.expected, r.grade, r.tags, r.holdState, r.risk]),
  ];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  "));

  const submissions = stack.apruvd
    .transactions()
    .filter((t) => t.order_num === repeat.order.name.replace(/^#/, "")).length;
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  const good = rows.filter((r) => r.ok).length;
  const elapsed = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\n${rows.length} orders: ${count("Approved")} approved, ${count("Declined")} declined, ${count("Submitted")} submitted (awaiting elevate), ${rows.length - good} not as expected`,
  );
  console.log(`Repeated webhook delivery → ${submissions} Apruvd submission(s) for ${repeat.order.name}`);
  console.log(
    `Admin API calls: ${stack.shopify.calls().length} · Apruvd API calls: ${stack.apruvd.requests().length} · elapsed ${elapsed}s`,
  );
  exitCode = finished && good === rows.length && submissions === 1 ? 0 : 1;
  console.log(
    exitCode === 0 ? "\nDEMO PASSED: every order reached its expected state." : "\nDEMO FAILED: see ✗ rows above.",
  );
} finally {
  await stack.close();
}
process.exit(exitCode);
