/**
 * The account setting "Submitted by default": the reference's "Elevate a Submitted
 * Transaction" says an account can be configured "to default into the Submitted status
 * instead of Reviewing"; such a transaction waits for transactions/elevate/. Without the
 * setting every transaction is reviewed ("Otherwise, all transactions will automatically
 * be reviewed").
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApruvdSandbox, type ApruvdSandbox, type SandboxAccountCredentials } from "./server";

let sandbox: ApruvdSandbox;

beforeAll(async () => {
  sandbox = await startApruvdSandbox({ reviewDelayMs: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

async function post(account: SandboxAccountCredentials, endpoint: string, body: Record<string, unknown>) {
  const response = await fetch(`${sandbox.url}/api/${endpoint}`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${account.keyId}:${account.secret}`).toString("base64")}`,
      "content-type": "application/json",
      accept: "application/json",
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const transaction = (orderNum: string, extra: Record<string, unknown> = {}) => ({
  type: "Ecommerce",
  total: "25.00",
  currency: "USD",
  order_num: orderNum,
  email: "jane@example.com",
  ...extra,
});

describe("Submitted by default (account setting)", () => {
  it("off (the default): a transaction without a test trigger is reviewed", async () => {
    const account = sandbox.createAccount();
    const answer = await post(account, "transactions/submit/", transaction("R-1"));
    expect(answer).toMatchObject({ status: 201, json: { status: "Reviewing" } });
  });

  it("on: it stays Submitted until elevated, then it is reviewed and decided", async () => {
    const account = sandbox.createAccount({ submittedByDefault: true });
    const answer = await post(account, "transactions/submit/", transaction("S-1"));
    expect(answer).toMatchObject({ status: 201, json: { status: "Submitted" } });
    const id = answer.json.transaction_id as number;
    await sandbox.idle();
    expect(sandbox.transactions().find((t) => t.transaction_id === id)?.status).toBe("Submitted");

    const elevated = await post(account, "transactions/elevate/", { transaction_id: id });
    expect(elevated).toMatchObject({ status: 200, json: { transaction_id: id, status: "Reviewing" } });
    await sandbox.idle();
    expect(sandbox.transactions().find((t) => t.transaction_id === id)?.status).toBe("Approved");
  });

  it("on: an approve/decline test trigger still forces a review; the submit trigger stays Submitted", async () => {
    const account = sandbox.createAccount({ submittedByDefault: true });
    const decline = await post(account, "transactions/submit/", transaction("S-2", { email: "decline@example.com" }));
    expect(decline.json.status).toBe("Reviewing");
    const submit = await post(account, "transactions/submit/", transaction("S-3", { first_six: "333333" }));
    expect(submit.json.status).toBe("Submitted");
  });

  it("can be switched on an existing account", async () => {
    const account = sandbox.createAccount();
    sandbox.setSubmittedByDefault(account, true);
    expect((await post(account, "transactions/submit/", transaction("T-1"))).json.status).toBe("Submitted");
    sandbox.setSubmittedByDefault(account, false);
    expect((await post(account, "transactions/submit/", transaction("T-2"))).json.status).toBe("Reviewing");
  });
});
