/**
 * The token endpoints (./oauth.ts) through ApruvdClient, against a scripted local Apruvd.
 */
import { describe, expect, it } from "vitest";
import { scriptedApruvd } from "../../../../../test/support/apruvd-script-server";

const { srv, client, basic } = scriptedApruvd();

describe("requests and responses for every method", () => {
  it("obtainTokens uses the password grant with Basic; refreshTokens the refresh grant with Bearer", async () => {
    const tokens = {
      access: { type: "Bearer", expires_in: 86399, token: "A1" },
      refresh: { type: "Bearer", expires_in: 2591724, token: "R1" },
    };
    srv.always({ status: 200, json: tokens });
    const c = client();
    expect(await c.obtainTokens()).toEqual(tokens);
    expect(await c.refreshTokens("R1")).toEqual(tokens);
    expect(srv.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ["GET", "/o/token/?grant_type=password", basic],
      ["GET", "/o/token/?grant_type=refresh", "Bearer R1"],
    ]);
  });
});
