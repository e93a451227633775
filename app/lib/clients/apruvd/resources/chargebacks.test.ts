/**
 * Chargebacks (./chargebacks.ts) through ApruvdClient, against a scripted local Apruvd.
 */
import { describe, expect, it } from "vitest";
import {
  ApruvdConnectionError,
  ApruvdError,
  ApruvdNotFoundError,
  ApruvdServerError,
  ApruvdTimeoutError,
} from "../errors";
import type { ApruvdChargeback } from "../types";
import { caught, scriptedApruvd } from "../../../../../test/support/apruvd-script-server";

const { srv, client, basic } = scriptedApruvd();

describe("chargebacks", () => {
  const cb = (orderNum: string): ApruvdChargeback => ({
    order_num: orderNum,
    timestamp: "2021-02-09T10:10:02.444696-07:00",
    claim_status: "Reviewing",
    claim_amount_currency: "USD",
    claim_amount: "100.00",
    denial_reason: null,
    claim_file: null,
    claim_file_2: null,
    claim_file_3: null,
    appeal_file: null,
  });

  it("create sends multipart/form-data that parses into the fields and files", async () => {
    srv.reply({ status: 201, json: cb("12345") });
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]);
    const res = await client().chargebacks.create({
      order_num: "12345",
      claim_status: "Alert",
      claim_amount: 100,
      claim_amount_currency: "USD",
      claim_file: { filename: "claim.pdf", contentType: "application/pdf", data: pdf },
      appeal_file: { filename: "appeal.txt", contentType: "text/plain", data: new Blob(["appeal text"]) },
    });
    expect(res.order_num).toBe("12345");
    const req = srv.requests[0];
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/api/v2/chargebacks/");
    expect(req.headers["content-type"]).toMatch(/^multipart\/form-data; ?boundary=/);
    expect(req.headers.accept).toBe("application/json");
    expect(req.headers.authorization).toBe(basic);

    const form = await new Request("http://x/", {
      method: "POST",
      headers: { "content-type": String(req.headers["content-type"]) },
      body: new Uint8Array(req.body),
    }).formData();
    expect(form.get("order_num")).toBe("12345");
    expect(form.get("claim_status")).toBe("Alert");
    expect(form.get("claim_amount")).toBe("100");
    expect(form.get("claim_amount_currency")).toBe("USD");
    const claim = form.get("claim_file");
    const appeal = form.get("appeal_file");
    expect(claim).toBeInstanceOf(File);
    expect(appeal).toBeInstanceOf(File);
    if (!(claim instanceof File) || !(appeal instanceof File)) return;
    expect(claim.name).toBe("claim.pdf");
    expect(claim.type).toBe("application/pdf");
    expect(new Uint8Array(await claim.arrayBuffer())).toEqual(pdf);
    expect(appeal.name).toBe("appeal.txt");
    expect(appeal.type).toBe("text/plain");
    expect(await appeal.text()).toBe("appeal text");
    expect(form.has("claim_file_2")).toBe(false);
  });

  it("create requires order_num", async () => {
    await expect(client().chargebacks.create({ order_num: "" })).rejects.toThrow(/order_num/);
    expect(srv.requests).toHaveLength(0);
  });

  it("list returns a page; listAll follows next links (kept on baseUrl)", async () => {
    const page1 = Array.from({ length: 20 }, (_, i) => cb(`A${i}`));
    srv.always((req) => {
      if (req.url === "/api/v2/chargebacks/")
        return {
          status: 200,
          json: { previous: null, next: "https://elsewhere.example/api/v2/chargebacks/?page=2", results: page1 },
        };
      if (req.url === "/api/v2/chargebacks/?page=2")
        return {
          status: 200,
          json: {
            previous: `${srv.url}/api/v2/chargebacks/?page=1`,
            next: `${srv.url}/api/v2/chargebacks/?page=3`,
            results: [cb("B0")],
          },
        };
      if (req.url === "/api/v2/chargebacks/?page=3")
        return { status: 200, json: { previous: "x", next: null, results: [cb("C0")] } };
      return { status: 404, json: { detail: "Invalid page." } };
    });
    const c = client();
    const first = await c.chargebacks.list();
    expect(first.results).toHaveLength(20);
    expect(first.previous).toBeNull();

    srv.requests = [];
    const all: string[] = [];
    for await (const item of c.chargebacks.listAll()) all.push(item.order_num);
    expect(all).toEqual([...page1.map((p) => p.order_num), "B0", "C0"]);
    expect(srv.requests.map((r) => r.url)).toEqual([
      "/api/v2/chargebacks/",
      "/api/v2/chargebacks/?page=2",
      "/api/v2/chargebacks/?page=3",
    ]);
    expect(srv.requests.every((r) => r.headers.authorization === basic)).toBe(true);
  });

  it("list refuses a page URL outside the chargebacks endpoint", async () => {
    const err = await caught(client().chargebacks.list("https://evil.example/api/transactions/status/"));
    expect(err).toBeInstanceOf(ApruvdError);
    expect(srv.requests).toHaveLength(0);
  });

  it("get / put / patch / delete use /api/v2/chargebacks/{order_num}/", async () => {
    srv.always((req) => (req.method === "DELETE" ? { status: 204 } : { status: 200, json: cb("12 34") }));
    const c = client();
    expect((await c.chargebacks.get("12 34")).order_num).toBe("12 34");
    await c.chargebacks.put("12 34", {
      claim_amount: "100.00",
      claim_file_2: { filename: "b.pdf", contentType: "application/pdf", data: new Uint8Array([1]) },
    });
    await c.chargebacks.patch("12 34", { claim_status: "Reviewing" });
    await expect(c.chargebacks.delete("12 34")).resolves.toBeUndefined();
    expect(srv.requests.map((r) => [r.method, r.url])).toEqual([
      ["GET", "/api/v2/chargebacks/12%2034/"],
      ["PUT", "/api/v2/chargebacks/12%2034/"],
      ["PATCH", "/api/v2/chargebacks/12%2034/"],
      ["DELETE", "/api/v2/chargebacks/12%2034/"],
    ]);
    expect(srv.requests[1].headers["content-type"]).toMatch(/^multipart\/form-data/);
    expect(srv.requests[1].body.toString("latin1")).toContain('name="claim_file_2"; filename="b.pdf"');
    expect(srv.requests[2].body.toString("latin1")).toContain("Reviewing");
  });

  it("delete: a 404 on a retry counts as success, a 404 on the first try does not", async () => {
    srv.reply({ status: 503 }, { status: 404, json: { detail: "Not found." } });
    await expect(client().chargebacks.delete("1")).resolves.toBeUndefined();
    srv.reply({ status: 404, json: { detail: "Not found." } });
    expect(await caught(client().chargebacks.delete("1"))).toBeInstanceOf(ApruvdNotFoundError);
  });

  it("create is not retried after a timeout (could double-file)", async () => {
    srv.always("hang");
    const err = await caught(client({ timeoutMs: 150, maxRetries: 3 }).chargebacks.create({ order_num: "1" }));
    expect(err).toBeInstanceOf(ApruvdTimeoutError);
    expect(srv.requests).toHaveLength(1);
  });

  it("create is not retried after a 500 or a dropped connection, but is after a 503", async () => {
    srv.reply({ status: 500 });
    expect(await caught(client({ maxRetries: 3 }).chargebacks.create({ order_num: "1" }))).toBeInstanceOf(
      ApruvdServerError,
    );
    expect(srv.requests).toHaveLength(1);

    srv.reset();
    srv.reply("destroy");
    expect(await caught(client({ maxRetries: 3 }).chargebacks.create({ order_num: "1" }))).toBeInstanceOf(
      ApruvdConnectionError,
    );
    expect(srv.requests).toHaveLength(1);

    srv.reset();
    srv.reply({ status: 503 }, { status: 201, json: cb("1") });
    expect((await client({ maxRetries: 3 }).chargebacks.create({ order_num: "1" })).order_num).toBe("1");
    expect(srv.requests).toHaveLength(2);
  });
});
