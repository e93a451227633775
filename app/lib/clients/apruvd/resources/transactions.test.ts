/**
 * Transactions (./transactions.ts) through ApruvdClient, against a scripted local Apruvd.
 */
import { describe, expect, it } from "vitest";
import { ApruvdClient } from "../client";
import { SAMPLE_TRANSACTION, jsonBody, scriptedApruvd } from "../../../../../test/support/apruvd-script-server";

const { srv, client, credentials, basic } = scriptedApruvd();
const tx = SAMPLE_TRANSACTION;

describe("requests and responses for every method", () => {
  it("submitTransaction POSTs JSON to /api/transactions/submit/ with Basic auth", async () => {
    srv.reply({ status: 201, json: { transaction_id: 1, status: "Reviewing", risk_grade: "A+", order_num: "1001" } });
    const res = await client().submitTransaction(tx);
    expect(res).toEqual({ transaction_id: 1, status: "Reviewing", risk_grade: "A+", order_num: "1001" });
    const [req] = srv.requests;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/api/transactions/submit/");
    expect(req.headers.authorization).toBe(basic);
    expect(req.headers.accept).toBe("application/json");
    expect(req.headers["content-type"]).toBe("application/json;charset=UTF-8");
    expect(jsonBody(req)).toEqual(tx);
  });

  it("uses https://app.apruvd.com by default and strips a trailing slash from baseUrl", async () => {
    const urls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ transaction_id: 1, status: "Approved", canceled: false }), { status: 200 });
    };
    await new ApruvdClient({ credentials, fetch: fakeFetch }).getStatus(1);
    await new ApruvdClient({ credentials, fetch: fakeFetch, baseUrl: "http://x.test/" }).getStatus(2);
    expect(urls).toEqual([
      "https://app.apruvd.com/api/transactions/status/?transaction_id=1",
      "http://x.test/api/transactions/status/?transaction_id=2",
    ]);
  });

  it("rejects a non-integer transaction id without calling Apruvd", async () => {
    const c = client();
    await expect(c.getStatus(Number.NaN)).rejects.toThrow(TypeError);
    await expect(c.cancelTransaction(1.5)).rejects.toThrow(TypeError);
    await expect(c.updateTransaction(-1, {})).rejects.toThrow(TypeError);
    expect(srv.requests).toHaveLength(0);
  });

  it("getStatus GETs /api/transactions/status/?transaction_id=", async () => {
    srv.reply({ status: 200, json: { transaction_id: 7, status: "Approved", canceled: false } });
    const res = await client().getStatus(7);
    expect(res).toEqual({ transaction_id: 7, status: "Approved", canceled: false });
    expect(srv.requests[0].method).toBe("GET");
    expect(srv.requests[0].url).toBe("/api/transactions/status/?transaction_id=7");
    expect(srv.requests[0].headers["content-type"]).toBeUndefined();
    expect(srv.requests[0].body.length).toBe(0);
  });

  it("getStatusByOrderNum returns the map's values, each with order_num; 404 or {} → []", async () => {
    srv.reply(
      {
        status: 200,
        json: {
          "22": { transaction_id: 22, order_num: "ABC 1/1", status: "Declined", canceled: false },
          "21": { transaction_id: 21, status: "Approved", canceled: false },
        },
      },
      { status: 404, json: { detail: "Not found." } },
      { status: 200, json: {} },
    );
    const c = client();
    expect(await c.getStatusByOrderNum("ABC 1/1")).toEqual([
      { transaction_id: 21, order_num: "ABC 1/1", status: "Approved", canceled: false },
      { transaction_id: 22, order_num: "ABC 1/1", status: "Declined", canceled: false },
    ]);
    expect(srv.requests[0].url).toBe("/api/transactions/status/?order_num=ABC%201%2F1");
    expect(await c.getStatusByOrderNum("nope")).toEqual([]);
    expect(await c.getStatusByOrderNum("nope")).toEqual([]);
  });

  it("updateTransaction POSTs the changes to /api/transactions/{id}/update/ and returns the changelog", async () => {
    const changelog = { "2020-Mar-15 10:28 AM": { total: { from: 123.45, to: 246.9 } } };
    srv.reply({ status: 200, json: { transaction_id: 9, status: "Reviewing", changelog } });
    const res = await client().updateTransaction(9, { total: 246.9 });
    expect(res.changelog).toEqual(changelog);
    expect(srv.requests[0].method).toBe("POST");
    expect(srv.requests[0].url).toBe("/api/transactions/9/update/");
    expect(jsonBody(srv.requests[0])).toEqual({ total: 246.9 });
  });

  it("cancelTransaction POSTs to /api/transactions/{id}/cancel/ without a body", async () => {
    srv.reply({ status: 200, json: { transaction_id: 9, status: "Reviewing", canceled: true } });
    expect(await client().cancelTransaction(9)).toEqual({ transaction_id: 9, status: "Reviewing", canceled: true });
    expect(srv.requests[0].method).toBe("POST");
    expect(srv.requests[0].url).toBe("/api/transactions/9/cancel/");
    expect(srv.requests[0].body.length).toBe(0);
  });

  it("elevate sends transaction_id or order_num to /api/transactions/elevate/", async () => {
    srv.always((req) => ({
      status: 200,
      json: { transaction_id: 3, order_num: "55", status: "Reviewing", echo: jsonBody(req) },
    }));
    const c = client();
    await c.elevate({ transaction_id: 3 });
    await c.elevate({ order_num: "55" });
    expect(srv.requests.map((r) => [r.method, r.url, jsonBody(r)])).toEqual([
      ["POST", "/api/transactions/elevate/", { transaction_id: 3 }],
      ["POST", "/api/transactions/elevate/", { order_num: "55" }],
    ]);
  });
});
