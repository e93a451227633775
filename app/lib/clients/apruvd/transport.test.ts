/**
 * Timeouts, retries and typed errors (./transport.ts) through ApruvdClient, against a
 * scripted local Apruvd.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  ApruvdAuthenticationError,
  ApruvdConnectionError,
  ApruvdError,
  ApruvdInvalidRequestError,
  ApruvdNotFoundError,
  ApruvdRateLimitError,
  ApruvdServerError,
  ApruvdTimeoutError,
} from "./errors";
import { SAMPLE_TRANSACTION, caught, scriptedApruvd } from "../../../../test/support/apruvd-script-server";

const { srv, client, recordedSleeps } = scriptedApruvd();
const tx = SAMPLE_TRANSACTION;

describe("errors", () => {
  it("403 → ApruvdAuthenticationError with Apruvd's message, not retried", async () => {
    srv.always({ status: 403, json: { error: "Invalid or disabled credentials" } });
    const err = await caught(client().submitTransaction(tx));
    expect(err).toBeInstanceOf(ApruvdAuthenticationError);
    if (!(err instanceof ApruvdAuthenticationError)) return;
    expect(err.status).toBe(403);
    expect(err.apruvdMessage).toBe("Invalid or disabled credentials");
    expect(err.code).toBe("authentication_error");
    expect(err.retryable).toBe(false);
    expect(err.message).toContain("Invalid or disabled credentials");
    expect(srv.requests).toHaveLength(1);
  });

  it("401 → ApruvdAuthenticationError too", async () => {
    srv.always({ status: 401, json: { detail: "Authentication credentials were not provided." } });
    const err = await caught(client().getStatus(1));
    expect(err).toBeInstanceOf(ApruvdAuthenticationError);
    expect((err as ApruvdError).apruvdMessage).toBe("Authentication credentials were not provided.");
  });

  it("400 → ApruvdInvalidRequestError, not retried; isDuplicateOrder only for 'already exists'", async () => {
    srv.reply({ status: 400, json: { error: "billing_city: Ensure this field has no more than 100 characters." } });
    const invalid = await caught(client().submitTransaction(tx));
    expect(invalid).toBeInstanceOf(ApruvdInvalidRequestError);
    if (!(invalid instanceof ApruvdInvalidRequestError)) return;
    expect(invalid.isDuplicateOrder).toBe(false);
    expect(invalid.retryable).toBe(false);
    expect(invalid.status).toBe(400);
    expect(srv.requests).toHaveLength(1);

    srv.reply({ status: 400, json: { error: "A transaction with order_num 1001 already exists." } });
    const dup = await caught(client().submitTransaction(tx));
    expect(dup).toBeInstanceOf(ApruvdInvalidRequestError);
    expect((dup as ApruvdInvalidRequestError).isDuplicateOrder).toBe(true);
    expect((dup as ApruvdInvalidRequestError).apruvdMessage).toBe("A transaction with order_num 1001 already exists.");
  });

  it("DRF-style field errors become the apruvdMessage", async () => {
    srv.reply({ status: 400, json: { currency: ['"XXXX" is not a valid choice.'] } });
    const err = await caught(client().submitTransaction(tx));
    expect((err as ApruvdError).apruvdMessage).toBe('currency: "XXXX" is not a valid choice.');
  });

  it("error messages never contain the request body or a non-JSON response body", async () => {
    srv.always({
      status: 500,
      text: `<html>upstream failed for ${tx.email}</html>`,
      headers: { "Content-Type": "text/html" },
    });
    const err = await caught(client({ maxRetries: 0 }).submitTransaction(tx));
    expect(err).toBeInstanceOf(ApruvdServerError);
    const e = err as ApruvdError;
    expect(e.apruvdMessage).toBeUndefined();
    const everything = `${e.message} ${String(e.stack)} ${JSON.stringify(e)}`;
    expect(everything).not.toContain("jane.customer");
    expect(everything).not.toContain("s3cr3t");
    expect(e.message).toBe("Apruvd HTTP 500: server error");
  });

  it("500, 500, then 201 → succeeds after two retries with backoff", async () => {
    srv.reply(
      { status: 500, json: { error: "boom" } },
      { status: 500, json: { error: "boom" } },
      { status: 201, json: { transaction_id: 5, status: "Reviewing" } },
    );
    const res = await client({ maxRetries: 2, retryBaseDelayMs: 100, retryMaxDelayMs: 10_000 }).getStatus(5);
    expect(res.transaction_id).toBe(5);
    expect(srv.requests).toHaveLength(3);
    expect(srv.requests.every((r) => r.body.equals(srv.requests[0].body))).toBe(true);
    expect(recordedSleeps()).toHaveLength(2);
    expect(recordedSleeps()[0]).toBeGreaterThanOrEqual(0);
    expect(recordedSleeps()[0]).toBeLessThanOrEqual(100);
    expect(recordedSleeps()[1]).toBeLessThanOrEqual(200);
  });

  it("persistent 503 → ApruvdServerError after maxRetries + 1 attempts", async () => {
    srv.always({ status: 503, json: { error: "Service temporarily unavailable" } });
    const err = await caught(client({ maxRetries: 3 }).getStatus(1));
    expect(err).toBeInstanceOf(ApruvdServerError);
    expect((err as ApruvdServerError).status).toBe(503);
    expect((err as ApruvdServerError).retryable).toBe(true);
    expect(srv.requests).toHaveLength(4);
    expect(recordedSleeps()).toHaveLength(3);
  });

  it("maxRetries defaults to 2 (three attempts)", async () => {
    srv.always({ status: 502 });
    await caught(client().cancelTransaction(1));
    expect(srv.requests).toHaveLength(3);
  });

  it("429 → ApruvdRateLimitError, waits at least Retry-After", async () => {
    srv.reply(
      { status: 429, json: { detail: "Request was throttled." }, headers: { "Retry-After": "3" } },
      { status: 200, json: { transaction_id: 1, status: "Approved", canceled: false } },
    );
    await client({ retryBaseDelayMs: 1 }).getStatus(1);
    expect(recordedSleeps()).toEqual([3000]);

    srv.always({ status: 429, json: { detail: "Request was throttled." } });
    const err = await caught(client({ maxRetries: 1 }).getStatus(1));
    expect(err).toBeInstanceOf(ApruvdRateLimitError);
    expect((err as ApruvdRateLimitError).retryable).toBe(true);
  });

  it("a submit is never sent again after an answer that may mean Apruvd created it (500, timeout); it is after a 503", async () => {
    srv.always({ status: 500, json: { error: "boom" } });
    expect(await caught(client({ maxRetries: 2 }).submitTransaction(tx))).toBeInstanceOf(ApruvdServerError);
    expect(srv.requests).toHaveLength(1);
    srv.always("hang");
    expect(await caught(client({ timeoutMs: 150, maxRetries: 2 }).submitTransaction(tx))).toBeInstanceOf(
      ApruvdTimeoutError,
    );
    expect(srv.requests).toHaveLength(2);
    srv.reply(
      { status: 503, json: { error: "down" } },
      { status: 201, json: { transaction_id: 6, status: "Reviewing" } },
    );
    expect((await client({ maxRetries: 2 }).submitTransaction(tx)).transaction_id).toBe(6);
    expect(srv.requests).toHaveLength(4);
  });

  it("timeout → ApruvdTimeoutError (and a status read is retried after a timeout)", async () => {
    srv.always("hang");
    const started = Date.now();
    const err = await caught(client({ timeoutMs: 150, maxRetries: 1 }).getStatus(1));
    expect(err).toBeInstanceOf(ApruvdTimeoutError);
    expect((err as ApruvdTimeoutError).retryable).toBe(true);
    expect((err as ApruvdTimeoutError).message).toBe("Apruvd request timed out after 150 ms");
    expect(srv.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("connection refused → ApruvdConnectionError, retried", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const err = await caught(client({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 2 }).getStatus(1));
    expect(err).toBeInstanceOf(ApruvdConnectionError);
    if (!(err instanceof ApruvdConnectionError)) return;
    expect(err.causeCode).toBe("ECONNREFUSED");
    expect(err.neverSent).toBe(true);
    expect(err.retryable).toBe(true);
    expect(recordedSleeps()).toHaveLength(2);
  });

  it("a dropped connection → ApruvdConnectionError; a GET is retried and succeeds", async () => {
    srv.reply("destroy", { status: 200, json: { transaction_id: 1, status: "Approved", canceled: false } });
    const res = await client().getStatus(1);
    expect(res.status).toBe("Approved");
    expect(srv.requests).toHaveLength(2);
  });

  it("redirects are not followed; non-JSON 2xx is an invalid_response error", async () => {
    srv.reply({ status: 301, headers: { Location: "https://elsewhere.example/" } });
    const redirected = await caught(client().getStatus(1));
    expect(redirected).toBeInstanceOf(ApruvdError);
    expect((redirected as ApruvdError).status).toBe(301);
    expect(srv.requests).toHaveLength(1);

    srv.reply({ status: 200, text: "not json" });
    const bad = await caught(client().getStatus(1));
    expect((bad as ApruvdError).code).toBe("invalid_response");
  });

  it("404 → ApruvdNotFoundError", async () => {
    srv.reply({ status: 404, json: { detail: "Not found." } });
    const err = await caught(client().getStatus(999));
    expect(err).toBeInstanceOf(ApruvdNotFoundError);
    expect((err as ApruvdNotFoundError).apruvdMessage).toBe("Not found.");
    expect(srv.requests).toHaveLength(1);
  });
});
