/**
 * The Apruvd client against the Apruvd sandbox (sandbox/apruvd, which imports nothing
 * from app/): the sandbox driven through the real ApruvdClient where possible, with
 * a local HTTP server receiving its callbacks.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ApruvdClient, type ApruvdClientOptions } from "./client";
import {
  ApruvdAuthenticationError,
  ApruvdConnectionError,
  type ApruvdError,
  ApruvdInvalidRequestError,
  ApruvdNotFoundError,
  ApruvdServerError,
  ApruvdTimeoutError,
} from "./errors";
import { TRANSACTION_STRING_LIMITS, type ApruvdTransaction } from "./types";
import { startApruvdSandbox, type ApruvdSandbox, type ApruvdSandboxOptions } from "../../../../sandbox/apruvd/server";

interface Received {
  path: string;
  auth: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

/** Receives Apruvd callbacks; can be told to fail the next N with a status. */
class Receiver {
  url = "";
  received: Received[] = [];
  failNext = 0;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const failing = this.failNext > 0;
      if (failing) this.failNext--;
      else
        this.received.push({
          path: req.url ?? "",
          auth: req.headers.authorization,
          contentType: req.headers["content-type"],
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
        });
      res.writeHead(failing ? 500 : 200).end();
    });
  });
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  reviews(): Received[] {
    return this.received.filter((r) => r.path === "/apruvd/callback");
  }
  async waitFor(pred: (r: Received) => boolean, timeoutMs = 3000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error("callback not received in time");
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const CB_ID = "cb-key-id";
const CB_SECRET = "cb-key-secret";
const CB_AUTH = `Basic ${Buffer.from(`${CB_ID}:${CB_SECRET}`).toString("base64")}`;

async function setup(
  opts: ApruvdSandboxOptions = {},
  clientOpts: Partial<ApruvdClientOptions> = {},
): Promise<{ sandbox: ApruvdSandbox; client: ApruvdClient; receiver: Receiver; keyId: string; secret: string }> {
  const sandbox = await startApruvdSandbox({ reviewDelayMs: 20, callbackRetryDelaysMs: [10, 20, 30], ...opts });
  cleanups.push(() => sandbox.close());
  const receiver = await new Receiver().start();
  cleanups.push(() => receiver.stop());
  const { keyId, secret } = sandbox.createAccount();
  const client = new ApruvdClient({
    baseUrl: sandbox.url,
    credentials: { keyId, secret },
    sleep: async () => {},
    timeoutMs: 2000,
    ...clientOpts,
  });
  await client.registerCallbacks({
    callback_url: `${receiver.url}/apruvd/callback`,
    settings_url: `${receiver.url}/apruvd/settings`,
    callback_api_key_id: CB_ID,
    callback_api_key_secret: CB_SECRET,
  });
  return { sandbox, client, receiver, keyId, secret };
}

let orderSeq = 1000;
function tx(extra: Partial<ApruvdTransaction> = {}): ApruvdTransaction {
  return {
    type: "Ecommerce",
    total: 123.45,
    currency: "USD",
    order_num: String(orderSeq++),
    ip: "112.118.212.218",
    email: "jane.customer@example.com",
    billing_first_name: "Jane",
    billing_last_name: "Doe",
    first_six: 417420,
    last_four: 1234,
    avs: "Y",
    cvv: "M",
    cart_contents: [{ item: "Widget", quantity: 1, unit_price: "123.45" }],
    ...extra,
  };
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("test-account triggers reach the documented outcome", () => {
  const decided: Array<[string, Partial<ApruvdTransaction>, "Approved" | "Declined", string]> = [
    ["email starts with approve", { email: "approve.me@example.com" }, "Approved", "A+"],
    ["email starts with decline", { email: "decline+1@example.com" }, "Declined", "F"],
    ["billing_first_name approve", { billing_first_name: "approve" }, "Approved", "A+"],
    ["billing_first_name decline", { billing_first_name: "decline" }, "Declined", "F"],
    ["first_six 444444", { first_six: 444444 }, "Approved", "A+"],
    ["first_six 555555", { first_six: 555555 }, "Declined", "F"],
  ];
  it.each(decided)("%s → Reviewing, then %s via an authenticated callback", async (_name, fields, outcome, grade) => {
    const { client, receiver } = await setup();
    const submitted = await client.submitTransaction(tx(fields));
    expect(submitted.status).toBe("Reviewing");
    expect(submitted.risk_grade).toBe(grade);
    const cb = await receiver.waitFor((r) => r.body.transaction_id === submitted.transaction_id);
    expect(cb.path).toBe("/apruvd/callback");
    expect(cb.auth).toBe(CB_AUTH);
    expect(cb.contentType).toBe("application/json;charset=UTF-8");
    expect(cb.body.status).toBe(outcome);
    expect(cb.body.order_num).toBe(submitted.order_num);
    if (outcome === "Declined") expect(cb.body.notes).toBe("Billing and shipping mismatch");
    else expect(cb.body).not.toHaveProperty("notes");
    const status = await client.getStatus(submitted.transaction_id);
    expect(status).toMatchObject({ transaction_id: submitted.transaction_id, status: outcome, canceled: false });
  });

  const submits: Array<[string, Partial<ApruvdTransaction>]> = [
    ["email starts with submit", { email: "submit@example.com" }],
    ["billing_first_name submit", { billing_first_name: "submit" }],
    ["first_six 333333", { first_six: 333333 }],
  ];
  it.each(submits)("%s → Submitted, no decision until elevated", async (_name, fields) => {
    const { client, receiver } = await setup();
    const submitted = await client.submitTransaction(tx(fields));
    expect(submitted.status).toBe("Submitted");
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.reviews()).toHaveLength(0);
    expect((await client.getStatus(submitted.transaction_id)).status).toBe("Submitted");

    const elevated = await client.elevate({ transaction_id: submitted.transaction_id });
    expect(elevated).toMatchObject({ transaction_id: submitted.transaction_id, status: "Reviewing" });
    const cb = await receiver.waitFor((r) => r.body.transaction_id === submitted.transaction_id);
    expect(cb.body.status).toBe("Approved");
    expect(cb.auth).toBe(CB_AUTH);
  });

  it("orders without a trigger get defaultDecision (Approved by default, Declined when set)", async () => {
    const a = await setup();
    const approved = await a.client.submitTransaction(tx());
    expect(approved.risk_grade).toBe("B");
    expect((await a.receiver.waitFor((r) => r.body.transaction_id === approved.transaction_id)).body.status).toBe(
      "Approved",
    );

    const d = await setup({ defaultDecision: "Declined" });
    const declined = await d.client.submitTransaction(tx());
    expect((await d.receiver.waitFor((r) => r.body.transaction_id === declined.transaction_id)).body.status).toBe(
      "Declined",
    );
  });

  it("decisions wait reviewDelayMs; Infinity leaves them to decide()", async () => {
    const { sandbox, client, receiver } = await setup({ reviewDelayMs: Number.POSITIVE_INFINITY });
    const s = await client.submitTransaction(tx({ email: "approve@example.com" }));
    await new Promise((r) => setTimeout(r, 80));
    expect((await client.getStatus(s.transaction_id)).status).toBe("Reviewing");
    await sandbox.decide(s.transaction_id, "Declined", "Reviewer says no");
    expect(receiver.reviews().map((r) => r.body)).toEqual([
      { transaction_id: s.transaction_id, order_num: s.order_num, status: "Declined", notes: "Reviewer says no" },
    ]);
    expect(sandbox.transactions()[0]).toMatchObject({ status: "Declined", notes: "Reviewer says no" });
  });
});

describe("submit validation", () => {
  const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
    ["missing type", { type: undefined }, /^type: This field is required\.$/],
    ["undocumented type", { type: "Phone" }, /^type: Not a valid choice/],
    ["missing total", { total: undefined }, /^total: /],
    ["non-numeric total", { total: "abc" }, /^total: A valid number/],
    ["negative total", { total: -1 }, /^total: .*greater than or equal to 0/],
    ["missing currency", { currency: undefined }, /^currency: This field is required/],
    ["lower-case currency", { currency: "usd" }, /^currency: .*ISO 4217/],
    ["4-letter currency", { currency: "USDT" }, /^currency: /],
    ["bad email", { email: "not-an-email" }, /^email: Enter a valid email/],
    ["bad ip", { ip: "999.1.1.1" }, /^ip: /],
    ["7-digit first_six", { first_six: 4174201 }, /^first_six: .*6 or 8 digits/],
    ["5-digit first_six", { first_six: "41742" }, /^first_six: /],
    ["5-digit last_four", { last_four: 12345 }, /^last_four: /],
    ["non-integer last_four", { last_four: 12.5 }, /^last_four: /],
    ["unknown avs", { avs: "ZZ" }, /^avs: Not a valid AVS/],
    ["unknown cvv", { cvv: "X" }, /^cvv: Not a valid CVV/],
    ["negative auth_attempts", { auth_attempts: -1 }, /^auth_attempts: /],
    ["string digital_only_order", { digital_only_order: "yes" }, /^digital_only_order: /],
    [
      "gift card without merchant_payment_id",
      { gift_cards: [{ amount: "1.00" }] },
      /^gift_cards\[0\]\.merchant_payment_id: This field is required/,
    ],
    [
      "gift card id over 50",
      { gift_cards: [{ merchant_payment_id: "G".repeat(51) }] },
      /^gift_cards\[0\]\.merchant_payment_id: .*50 characters/,
    ],
    [
      "gift card bad date",
      { gift_cards: [{ merchant_payment_id: "G1", issued_on: "25/12/2023" }] },
      /^gift_cards\[0\]\.issued_on: /,
    ],
    ["gift cards not a list", { gift_cards: { merchant_payment_id: "G1" } }, /^gift_cards: Expected a list/],
    [
      "cart item without item or sku",
      { cart_contents: [{ item: "ok" }, { quantity: 1, extra: { link: "x" } }] },
      /^cart_contents\[1\]: One of item or extra\.sku is required/,
    ],
    ["cart item name over 250", { cart_contents: [{ item: "i".repeat(251) }] }, /^cart_contents\[0\]\.item: /],
    ["cart quantity not integer", { cart_contents: [{ item: "a", quantity: 1.5 }] }, /^cart_contents\[0\]\.quantity: /],
    ["discount code over 250", { discount_codes: [{ code: "c".repeat(251) }] }, /^discount_codes\[0\]\.code: /],
    ["discount codes not objects", { discount_codes: ["5OFF"] }, /^discount_codes\[0\]: Expected an object/],
    ["number order_num", { order_num: 12345 }, /^order_num: Not a valid string/],
  ];

  it.each(invalid)("%s → 400 naming the field, not echoing the value", async (_name, patch, message) => {
    const { client, sandbox } = await setup();
    const body = { ...tx(), ...patch } as unknown as ApruvdTransaction;
    const err = await caught(client.submitTransaction(body));
    expect(err).toBeInstanceOf(ApruvdInvalidRequestError);
    if (!(err instanceof ApruvdInvalidRequestError)) return;
    expect(err.status).toBe(400);
    expect(err.apruvdMessage).toMatch(message);
    expect(err.isDuplicateOrder).toBe(false);
    for (const v of Object.values(patch))
      if (typeof v === "string" && v.length > 3) expect(err.apruvdMessage).not.toContain(v);
    expect(sandbox.transactions()).toHaveLength(0);
  });

  it("accepts values at the documented limits and the documented structures", async () => {
    const { client } = await setup();
    const ok = await client.submitTransaction(
      tx({
        first_six: 41742012,
        last_four: 7,
        avs: "",
        cvv: "U",
        ip: "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        gift_cards: [
          { merchant_payment_id: "GC10000001", amount: "12.34" },
          {
            merchant_payment_id: "GC2",
            currency: "USD",
            last_four: "A1B2",
            issued_on: "2023-12-25",
            expires_on: "2025-12-25",
            undocumented_field: "x",
          },
        ],
        cart_contents: [
          { extra: { sku: "SKU-123" } },
          { item: "Gift Card", is_digital: true, quantity: 1, unit_price: "250.00" },
        ],
        discount_codes: [{ code: "5OFF", discount_type: "Percent", extra: { email_campaign: "ID-123" } }, {}],
        digital_only_order: false,
        auth_attempts: 2,
      }),
    );
    expect(ok.status).toBe("Reviewing");
  });

  it("enforces every TRANSACTION_STRING_LIMITS length exactly (limit ok, limit + 1 rejected)", async () => {
    const { client } = await setup({ enforceUniqueOrderNum: false });
    const emailFields = new Set(["email", "shipping_email", "egc_recipient", "rep_email"]);
    const valueOf = (field: string, length: number): string => {
      if (emailFields.has(field)) return `${"a".repeat(length - "@example.com".length)}@example.com`;
      if (field === "ip")
        return length === 39 ? "2001:0db8:85a3:0000:0000:8a2e:0370:7334" : "2001:0db8:85a3:0000:0000:8a2e:0370:73345";
      return "x".repeat(length);
    };
    for (const [field, limit] of Object.entries(TRANSACTION_STRING_LIMITS)) {
      await expect(client.submitTransaction({ ...tx(), [field]: valueOf(field, limit) })).resolves.toMatchObject({
        status: "Reviewing",
      });
      const err = await caught(client.submitTransaction({ ...tx(), [field]: valueOf(field, limit + 1) }));
      expect(err, field).toBeInstanceOf(ApruvdInvalidRequestError);
      expect((err as ApruvdError).apruvdMessage, field).toMatch(new RegExp(`^${field}: `));
    }
  });

  it("a duplicate order_num → 400 'already exists' (isDuplicateOrder) when the account enforces it; allowed by default", async () => {
    const { client } = await setup({ enforceUniqueOrderNum: true });
    const first = tx();
    await client.submitTransaction(first);
    const err = await caught(client.submitTransaction({ ...first, total: 1 }));
    expect(err).toBeInstanceOf(ApruvdInvalidRequestError);
    expect((err as ApruvdInvalidRequestError).isDuplicateOrder).toBe(true);
    expect((err as ApruvdInvalidRequestError).apruvdMessage).toBe(
      `A transaction with order_num ${first.order_num} already exists.`,
    );

    const loose = await setup();
    const again = tx();
    const a = await loose.client.submitTransaction(again);
    const b = await loose.client.submitTransaction(again);
    const byOrder = await loose.client.getStatusByOrderNum(String(again.order_num));
    expect(byOrder.map((s) => s.transaction_id)).toEqual([a.transaction_id, b.transaction_id]);
    expect(byOrder.every((s) => s.order_num === again.order_num)).toBe(true);
  });
});

describe("transaction lifecycle", () => {
  it("status by id and by order_num; another account's transaction is 404", async () => {
    const { sandbox, client } = await setup();
    const s = await client.submitTransaction(tx());
    expect(await client.getStatus(s.transaction_id)).toEqual({
      transaction_id: s.transaction_id,
      order_num: s.order_num,
      status: "Reviewing",
      canceled: false,
      risk_grade: "B",
    });
    expect(await client.getStatusByOrderNum(String(s.order_num))).toHaveLength(1);
    expect(await client.getStatusByOrderNum("no-such-order")).toEqual([]);

    const other = sandbox.createAccount();
    const otherClient = new ApruvdClient({ baseUrl: sandbox.url, credentials: other, sleep: async () => {} });
    expect(await caught(otherClient.getStatus(s.transaction_id))).toBeInstanceOf(ApruvdNotFoundError);
    expect(await otherClient.getStatusByOrderNum(String(s.order_num))).toEqual([]);
  });

  it("update records a changelog, goes back to Reviewing and is decided again", async () => {
    const { client, receiver } = await setup();
    const original = tx({ shipping_city: "New York" });
    const s = await client.submitTransaction(original);
    await receiver.waitFor((r) => r.body.transaction_id === s.transaction_id && r.body.status === "Approved");

    const res = await client.updateTransaction(s.transaction_id, {
      total: 246.9,
      shipping_city: "Medley",
      email: "decline@example.com",
    });
    expect(res.status).toBe("Reviewing");
    const entries = Object.entries(res.changelog);
    expect(entries).toHaveLength(1);
    const [key, changes] = entries[0];
    expect(key).toMatch(/^\d{4}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2} (AM|PM)$/);
    expect(changes).toEqual({
      total: { from: 123.45, to: 246.9 },
      email: { from: original.email, to: "decline@example.com" },
      shipping_city: { from: "New York", to: "Medley" },
    });
    const second = await receiver.waitFor(
      (r) => r.body.transaction_id === s.transaction_id && r.body.status === "Declined",
    );
    expect(second.body.notes).toBe("Billing and shipping mismatch");
  });

  it("update validates like submit, and a Submitted transaction stays Submitted", async () => {
    const { client } = await setup();
    const s = await client.submitTransaction(tx({ first_six: 333333 }));
    expect(await caught(client.updateTransaction(s.transaction_id, { billing_city: "c".repeat(101) }))).toBeInstanceOf(
      ApruvdInvalidRequestError,
    );
    const res = await client.updateTransaction(s.transaction_id, { billing_city: "Phoenix" });
    expect(res.status).toBe("Submitted");
    expect(Object.values(res.changelog)[0]).toEqual({ billing_city: { from: null, to: "Phoenix" } });
    expect(await caught(client.updateTransaction(999_999, { total: 1 }))).toBeInstanceOf(ApruvdNotFoundError);
  });

  it("cancel marks canceled and no callback follows", async () => {
    const { client, receiver, sandbox } = await setup({ reviewDelayMs: 60 });
    const s = await client.submitTransaction(tx({ email: "approve@example.com" }));
    const canceled = await client.cancelTransaction(s.transaction_id);
    expect(canceled).toEqual({ transaction_id: s.transaction_id, status: "Reviewing", canceled: true });
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.reviews()).toHaveLength(0);
    expect(await client.getStatus(s.transaction_id)).toMatchObject({ canceled: true, status: "Reviewing" });
    expect(sandbox.transactions()[0].canceled).toBe(true);
    expect(await caught(client.updateTransaction(s.transaction_id, { total: 1 }))).toBeInstanceOf(
      ApruvdInvalidRequestError,
    );
  });

  it("elevate by order_num moves Submitted transactions into review", async () => {
    const { client, receiver } = await setup();
    const s = await client.submitTransaction(tx({ billing_first_name: "submit", first_six: 555555 }));
    expect(s.status).toBe("Submitted");
    const e = await client.elevate({ order_num: String(s.order_num) });
    expect(e).toEqual({ transaction_id: s.transaction_id, order_num: s.order_num, status: "Reviewing" });
    expect((await receiver.waitFor((r) => r.body.transaction_id === s.transaction_id)).body.status).toBe("Declined");
    expect(await caught(client.elevate({ order_num: "nope" }))).toBeInstanceOf(ApruvdNotFoundError);
  });
});

describe("callbacks", () => {
  it("registerCallbacks answers with the plan, enforce_unique_order_num and the four fields", async () => {
    const { client, receiver } = await setup();
    const res = await client.registerCallbacks({
      callback_url: `${receiver.url}/apruvd/callback`,
      settings_url: `${receiver.url}/apruvd/settings`,
      callback_api_key_id: CB_ID,
      callback_api_key_secret: CB_SECRET,
    });
    expect(res).toEqual({
      service_plan: "Complete Coverage",
      enforce_unique_order_num: false,
      callback_url: `${receiver.url}/apruvd/callback`,
      settings_url: `${receiver.url}/apruvd/settings`,
      callback_api_key_id: CB_ID,
      callback_api_key_secret: CB_SECRET,
    });
    const err = await caught(client.registerCallbacks({ ...res, callback_url: "not a url" } as never));
    expect((err as ApruvdError).apruvdMessage).toBe("callback_url: Enter a valid URL.");
  });

  it("review-complete trigger returns the body and POSTs it to callback_url", async () => {
    const { client, receiver, sandbox, keyId, secret } = await setup();
    const s = await client.submitTransaction(tx({ email: "decline@example.com" }));
    await receiver.waitFor((r) => r.body.transaction_id === s.transaction_id);
    const body = await client.triggerCallback("review-complete", { transaction_id: s.transaction_id });
    expect(body).toEqual({
      transaction_id: s.transaction_id,
      order_num: s.order_num,
      status: "Declined",
      notes: "Billing and shipping mismatch",
    });
    await sandbox.idle();
    expect(receiver.reviews().map((r) => r.body)).toEqual([body, body]);

    const missing = await fetch(`${sandbox.url}/api/callbacks/review-complete/trigger/`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${keyId}:${secret}`).toString("base64")}`,
        "Content-Type": "application/json",
      },
      body: "{}",
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: "transaction_id: This field is required." });
  });

  it("settings-update trigger and settingsPush POST the settings (with deprecated fields) to settings_url", async () => {
    const { client, receiver, sandbox, keyId } = await setup();
    const returned = await client.triggerCallback("settings-update");
    expect(returned).toMatchObject({ service_plan: "Complete Coverage", enforce_unique_order_num: false });
    expect(returned.js_url).toMatch(new RegExp(`^${sandbox.url}/mjs/[0-9a-f]+/entry\\.js$`));
    const got = await receiver.waitFor((r) => r.path === "/apruvd/settings");
    expect(got.auth).toBe(CB_AUTH);
    expect(got.body).toEqual({
      service_plan: "Complete Coverage",
      enforce_unique_order_num: false,
      js_url: returned.js_url,
      id: null,
      basic_rules: [],
      data_connection: false,
      training_data: false,
      enforce_unique_order_id: false,
      require_notes_on_approves: false,
      require_notes_on_declines: false,
      strictly_protect_pii: false,
      integration_version: "V3",
    });
    await sandbox.settingsPush(keyId);
    expect(receiver.received.filter((r) => r.path === "/apruvd/settings")).toHaveLength(2);
    expect((await fetch(String(returned.js_url))).status).toBe(200);
  });

  it("failed callback deliveries are retried per callbackRetryDelaysMs", async () => {
    const { client, receiver, sandbox } = await setup();
    receiver.failNext = 2;
    const s = await client.submitTransaction(tx());
    await receiver.waitFor((r) => r.body.transaction_id === s.transaction_id);
    const [delivery] = sandbox.callbacks().filter((c) => c.kind === "review-complete");
    expect(delivery).toMatchObject({ transaction_id: s.transaction_id, attempts: 3, delivered: true, lastStatus: 200 });
  });

  it("gives up after 1 + callbackRetryDelaysMs.length attempts when the receiver is unreachable", async () => {
    const { client, receiver, sandbox } = await setup();
    await receiver.stop();
    const s = await client.submitTransaction(tx());
    await new Promise((r) => setTimeout(r, 30));
    await sandbox.idle();
    const [delivery] = sandbox.callbacks();
    expect(delivery).toMatchObject({
      transaction_id: s.transaction_id,
      attempts: 4,
      delivered: false,
      lastError: "ECONNREFUSED",
    });
  });
});

describe("authentication", () => {
  it("wrong secret, no auth, unknown bearer or a disabled account → 403 Invalid or disabled credentials", async () => {
    const { sandbox, keyId, secret } = await setup();
    const bad = new ApruvdClient({
      baseUrl: sandbox.url,
      credentials: { keyId, secret: "wrong" },
      sleep: async () => {},
    });
    const err = await caught(bad.submitTransaction(tx()));
    expect(err).toBeInstanceOf(ApruvdAuthenticationError);
    expect((err as ApruvdError).status).toBe(403);
    expect((err as ApruvdError).apruvdMessage).toBe("Invalid or disabled credentials");

    const variants: Array<Record<string, string>> = [
      {},
      { Authorization: "Bearer nope" },
      { Authorization: "Token abc" },
    ];
    for (const headers of variants) {
      const res = await fetch(`${sandbox.url}/api/transactions/status/?transaction_id=1`, { headers });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: "Invalid or disabled credentials" });
    }
    const good = new ApruvdClient({ baseUrl: sandbox.url, credentials: { keyId, secret }, sleep: async () => {} });
    await expect(good.getStatusByOrderNum("x")).resolves.toEqual([]);
    sandbox.disableAccount(keyId);
    const disabled = await caught(good.getStatusByOrderNum("x"));
    expect(disabled).toBeInstanceOf(ApruvdAuthenticationError);
    expect((disabled as ApruvdError).apruvdMessage).toBe("Invalid or disabled credentials");
  });

  it("OAuth: password grant, Bearer API calls, refresh grant before expiry", async () => {
    const { sandbox, keyId, secret } = await setup({ accessTokenTtlSeconds: 200 });
    const oauth = new ApruvdClient({
      baseUrl: sandbox.url,
      credentials: { keyId, secret },
      auth: "oauth",
      sleep: async () => {},
    });
    const s = await oauth.submitTransaction(tx());
    await oauth.getStatus(s.transaction_id); // 200 s left < 5 min → refresh first
    const tokenCalls = sandbox.requests().filter((r) => r.path === "/o/token/");
    expect(tokenCalls.map((r) => r.status)).toEqual([200, 200]);

    const raw = await oauth.obtainTokens();
    expect(raw.access.token).toHaveLength(255);
    expect(raw.refresh.token).toHaveLength(255);
    expect(raw.access.expires_in).toBe(200);
    const refreshed = await oauth.refreshTokens(raw.refresh.token);
    expect(refreshed.refresh.token).toBe(raw.refresh.token);
    expect(refreshed.access.token).not.toBe(raw.access.token);
    const viaBearer = await fetch(`${sandbox.url}/api/transactions/status/?transaction_id=${s.transaction_id}`, {
      headers: { Authorization: `Bearer ${refreshed.access.token}` },
    });
    expect(viaBearer.status).toBe(200);
    expect(await caught(oauth.refreshTokens("bogus"))).toBeInstanceOf(ApruvdAuthenticationError);

    sandbox.disableAccount(keyId);
    expect(await caught(oauth.getStatus(s.transaction_id))).toBeInstanceOf(ApruvdAuthenticationError);
  });
});

describe("faults", () => {
  it("failNext(2) → 503, 503, then success through client retries", async () => {
    const { sandbox, client } = await setup();
    sandbox.faults.failNext(2);
    const s = await client.submitTransaction(tx());
    expect(s.status).toBe("Reviewing");
    expect(
      sandbox
        .requests()
        .filter((r) => r.path === "/api/transactions/submit/")
        .map((r) => r.status),
    ).toEqual([503, 503, 201]);
    expect(sandbox.transactions()).toHaveLength(1);
  });

  it("failNext beyond maxRetries → ApruvdServerError; a custom status is used", async () => {
    const { sandbox, client } = await setup();
    sandbox.faults.failNext(3, 500);
    const err = await caught(client.getStatus(1));
    expect(err).toBeInstanceOf(ApruvdServerError);
    expect((err as ApruvdServerError).status).toBe(500);
  });

  it("setDown answers 503 to every API call until it is back up", async () => {
    const { sandbox, client } = await setup();
    sandbox.faults.setDown(true);
    expect(await caught(client.submitTransaction(tx()))).toBeInstanceOf(ApruvdServerError);
    expect(
      sandbox
        .requests()
        .slice(-3)
        .map((r) => r.status),
    ).toEqual([503, 503, 503]);
    sandbox.faults.setDown(false);
    await expect(client.submitTransaction(tx())).resolves.toMatchObject({ status: "Reviewing" });
  });

  it("dropConnections destroys sockets (connection error, retried); setLatency causes timeouts", async () => {
    const { sandbox, client, keyId, secret } = await setup();
    sandbox.faults.dropConnections(1);
    await expect(client.getStatusByOrderNum("x")).resolves.toEqual([]);
    expect(
      sandbox
        .requests()
        .slice(-2)
        .map((r) => r.status),
    ).toEqual([0, 200]);

    sandbox.faults.dropConnections(5);
    expect(await caught(client.getStatusByOrderNum("x"))).toBeInstanceOf(ApruvdConnectionError);
    sandbox.faults.reset();

    sandbox.faults.setLatency(300);
    const slow = new ApruvdClient({
      baseUrl: sandbox.url,
      credentials: { keyId, secret },
      timeoutMs: 100,
      maxRetries: 0,
    });
    expect(await caught(slow.getStatusByOrderNum("x"))).toBeInstanceOf(ApruvdTimeoutError);
  });
});

describe("chargebacks v2", () => {
  const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x00, 0xff]);

  it("create → get → put → patch → delete, with files served back", async () => {
    const { client } = await setup();
    const s = await client.submitTransaction(tx({ total: 99.5, currency: "EUR" }));
    const orderNum = String(s.order_num);

    const created = await client.chargebacks.create({
      order_num: orderNum,
      claim_file: { filename: "claim file.pdf", contentType: "application/pdf", data: pdf },
    });
    expect(created).toMatchObject({
      order_num: orderNum,
      claim_status: "Reviewing",
      claim_amount: "99.50",
      claim_amount_currency: "EUR",
      denial_reason: null,
      claim_file_2: null,
      claim_file_3: null,
      appeal_file: null,
    });
    expect(created.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(created.claim_file).toMatch(/\/claim%20file\.pdf$/);
    const file = await fetch(String(created.claim_file));
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);

    expect(await client.chargebacks.get(orderNum)).toEqual(created);

    const put = await client.chargebacks.put(orderNum, {
      claim_amount: "100.00",
      claim_amount_currency: "USD",
      claim_file_2: { filename: "b.txt", contentType: "text/plain", data: new Blob(["second"]) },
    });
    expect(put).toMatchObject({ claim_amount: "100.00", claim_amount_currency: "USD", claim_file: created.claim_file });
    expect(await (await fetch(String(put.claim_file_2))).text()).toBe("second");

    const patched = await client.chargebacks.patch(orderNum, {
      appeal_file: { filename: "appeal.pdf", contentType: "application/pdf", data: pdf },
    });
    expect(patched.appeal_file).toMatch(/appeal\.pdf$/);
    expect(patched.claim_amount).toBe("100.00");

    expect(await caught(client.chargebacks.patch(orderNum, { claim_status: "Alert" }))).toBeInstanceOf(
      ApruvdInvalidRequestError,
    );

    await client.chargebacks.delete(orderNum);
    expect(await caught(client.chargebacks.get(orderNum))).toBeInstanceOf(ApruvdNotFoundError);
    expect((await fetch(String(created.claim_file))).status).toBe(404);
  });

  it("Alert can be elevated to Reviewing; create validates order_num, status, amount and files", async () => {
    const { client, sandbox, keyId, secret } = await setup();
    const s = await client.submitTransaction(tx());
    const orderNum = String(s.order_num);
    const alert = await client.chargebacks.create({ order_num: orderNum, claim_status: "Alert", claim_amount: 12.5 });
    expect(alert).toMatchObject({ claim_status: "Alert", claim_amount: "12.50" });
    expect((await client.chargebacks.patch(orderNum, { claim_status: "Reviewing" })).claim_status).toBe("Reviewing");

    const dup = await caught(client.chargebacks.create({ order_num: orderNum }));
    expect((dup as ApruvdError).apruvdMessage).toMatch(/already exists/);
    expect((await caught(client.chargebacks.create({ order_num: "unknown" }))) as ApruvdError).toBeInstanceOf(
      ApruvdInvalidRequestError,
    );

    const s2 = await client.submitTransaction(tx());
    const bad = await caught(
      client.chargebacks.create({ order_num: String(s2.order_num), claim_status: "Won" as never }),
    );
    expect((bad as ApruvdError).apruvdMessage).toBe("claim_status: Must be Reviewing or Alert.");
    const badAmount = await caught(client.chargebacks.create({ order_num: String(s2.order_num), claim_amount: "ten" }));
    expect((badAmount as ApruvdError).apruvdMessage).toMatch(/^claim_amount: /);

    const form = new FormData();
    form.append("order_num", String(s2.order_num));
    form.append("claim_file", "just text");
    const notFile = await fetch(`${sandbox.url}/api/v2/chargebacks/`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${keyId}:${secret}`).toString("base64")}` },
      body: form,
    });
    expect(notFile.status).toBe(400);
    expect(await notFile.json()).toEqual({ error: "claim_file: The submitted data was not a file." });

    sandbox.setChargebackStatus(orderNum, "Accepted, Paid");
    expect((await client.chargebacks.get(orderNum)).claim_status).toBe("Accepted, Paid");
  });

  it("lists 20 per page with absolute next/previous URLs; listAll follows them", async () => {
    const { client, sandbox } = await setup();
    const orders: string[] = [];
    for (let i = 0; i < 45; i++) {
      const s = await client.submitTransaction(tx());
      orders.push(String(s.order_num));
      await client.chargebacks.create({ order_num: String(s.order_num) });
    }
    const first = await client.chargebacks.list();
    expect(first.results).toHaveLength(20);
    expect(first.previous).toBeNull();
    expect(first.next).toBe(`${sandbox.url}/api/v2/chargebacks/?page=2`);
    const third = await client.chargebacks.list(`${sandbox.url}/api/v2/chargebacks/?page=3`);
    expect(third.results).toHaveLength(5);
    expect(third.next).toBeNull();
    expect(third.previous).toBe(`${sandbox.url}/api/v2/chargebacks/?page=2`);

    const all: string[] = [];
    for await (const cb of client.chargebacks.listAll()) all.push(cb.order_num);
    expect(all).toEqual(orders);
    expect(await caught(client.chargebacks.list(`${sandbox.url}/api/v2/chargebacks/?page=4`))).toBeInstanceOf(
      ApruvdNotFoundError,
    );
  });
});

describe("HTTP surface", () => {
  it("unknown route → 404 JSON, wrong method → 405, invalid JSON → 400, non-JSON body → 415", async () => {
    const { sandbox, keyId, secret } = await setup();
    const auth = { Authorization: `Basic ${Buffer.from(`${keyId}:${secret}`).toString("base64")}` };
    const unknown = await fetch(`${sandbox.url}/api/nope/`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/json");
    expect(await unknown.json()).toEqual({ detail: "Not found." });

    const wrong = await fetch(`${sandbox.url}/api/transactions/submit/`, { headers: auth });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");

    const invalid = await fetch(`${sandbox.url}/api/transactions/submit/`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ error: "Invalid JSON body." });

    const text = await fetch(`${sandbox.url}/api/transactions/submit/`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "text/plain" },
      body: "{}",
    });
    expect(text.status).toBe(415);

    const noSlash = await fetch(`${sandbox.url}/api/transactions/submit`, { method: "POST", headers: auth });
    expect(noSlash.status).toBe(404);
  });

  it("the request log and log lines hold no bodies or customer data", async () => {
    const lines: string[] = [];
    const { sandbox, client, receiver } = await setup({ log: (line) => lines.push(line) });
    const s = await client.submitTransaction(
      tx({
        email: "secret.person@example.com",
        billing_first_name: "Zebulon",
        billing_address_1: "742 Evergreen Terrace",
      }),
    );
    await client.chargebacks.create({ order_num: String(s.order_num) });
    await receiver.waitFor((r) => r.body.transaction_id === s.transaction_id);
    const text = lines.join("\n") + JSON.stringify(sandbox.requests());
    for (const secret of ["secret.person", "Zebulon", "Evergreen", "123.45", CB_SECRET])
      expect(text).not.toContain(secret);
    expect(lines.some((l) => l.includes("POST /api/transactions/submit/ 201"))).toBe(true);
    expect(Object.keys(sandbox.requests()[0]).sort()).toEqual(["method", "path", "status"]);
  });

  it("runs standalone: prints its URL and a seeded account", async () => {
    const cli = path.resolve("node_modules/tsx/dist/cli.mjs");
    const child = spawn(process.execPath, [cli, "sandbox/apruvd/server.ts", "--port", "0", "--quiet"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanups.push(async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
    });
    const info = await new Promise<{ url: string; keyId: string; secret: string }>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no startup line: ${out}`)), 15_000);
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line) {
          clearTimeout(timer);
          resolve(JSON.parse(line) as { url: string; keyId: string; secret: string });
        }
      });
    });
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const c = new ApruvdClient({ baseUrl: info.url, credentials: { keyId: info.keyId, secret: info.secret } });
    await expect(c.submitTransaction(tx())).resolves.toMatchObject({ status: "Reviewing" });
  });
});
