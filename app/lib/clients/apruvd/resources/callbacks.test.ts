/**
 * Callbacks (./callbacks.ts) through ApruvdClient, against a scripted local Apruvd.
 */
import { describe, expect, it } from "vitest";
import { jsonBody, scriptedApruvd } from "../../../../../test/support/apruvd-script-server";

const { srv, client } = scriptedApruvd();

describe("requests and responses for every method", () => {
  it("registerCallbacks POSTs the four fields to /api/callbacks/", async () => {
    const input = {
      callback_url: "https://app.example/cb",
      settings_url: "https://app.example/settings",
      callback_api_key_id: "cbid",
      callback_api_key_secret: "cbsecret",
    };
    srv.reply({ status: 200, json: { service_plan: "Complete Coverage", enforce_unique_order_num: true, ...input } });
    const res = await client().registerCallbacks(input);
    expect(res.service_plan).toBe("Complete Coverage");
    expect(res.callback_url).toBe(input.callback_url);
    expect(srv.requests[0].url).toBe("/api/callbacks/");
    expect(jsonBody(srv.requests[0])).toEqual(input);
  });

  it("triggerCallback POSTs to /api/callbacks/{callback}/trigger/", async () => {
    srv.reply(
      { status: 200, json: { transaction_id: 1, order_num: "12345", status: "Approved", notes: "ok" } },
      { status: 200, json: { service_plan: "Complete Coverage", enforce_unique_order_num: true, js_url: "x" } },
    );
    const c = client();
    const review = await c.triggerCallback("review-complete", { transaction_id: 1 });
    expect(review.status).toBe("Approved");
    const settings = await c.triggerCallback("settings-update");
    expect(settings.service_plan).toBe("Complete Coverage");
    expect(srv.requests.map((r) => [r.url, jsonBody(r)])).toEqual([
      ["/api/callbacks/review-complete/trigger/", { transaction_id: 1 }],
      ["/api/callbacks/settings-update/trigger/", {}],
    ]);
  });
});
