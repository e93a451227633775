import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../../db.server";
import { startApruvdSandbox, type ApruvdSandbox } from "../../../../sandbox/apruvd/server";
import { ApruvdClient } from "../../clients/apruvd/client";
import { saveApruvdCredentials } from "../settings/shop-settings.server";
import { englishOf, type Message, translateFields, translateMessage } from "../i18n/message";
import { translator } from "../i18n/translate";
import {
  apruvdFieldErrors,
  MAX_FILE_BYTES,
  parseClaimAmount,
  parseCreateForm,
  parseUpdateForm,
  sniffType,
} from "./chargeback-form";
import {
  apruvdClientForShop,
  deleteChargeback,
  fileChargeback,
  listChargebacks,
  updateChargeback,
} from "./chargebacks.server";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function form(fields: Record<string, string | File>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

/** Errors as the English page shows them. */
const englishErrors = (errors: Partial<Record<string, Message>>) => translateFields(translator("en"), errors);

describe("chargeback form", () => {
  it("recognises PDFs and images by their bytes, not their names", () => {
    expect(sniffType(PDF)).toBe("application/pdf");
    expect(sniffType(PNG)).toBe("image/png");
    expect(sniffType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffType(new TextEncoder().encode("MZ executable"))).toBeNull();
  });

  it("accepts a claim with files and normalises the amount", async () => {
    const result = await parseCreateForm(
      form({
        order_num: "#1001",
        claim_amount: "1,250.5",
        claim_status: "Alert",
        claim_file: new File([PDF], "bank letter.pdf", { type: "application/pdf" }),
        appeal_file: new File([PNG], "x.png"),
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input).toMatchObject({ order_num: "1001", claim_amount: "1250.50", claim_status: "Alert" });
    expect(result.input.claim_file).toMatchObject({ filename: "bank-letter.pdf", contentType: "application/pdf" });
    expect(result.input.appeal_file).toMatchObject({ contentType: "image/png" });
  });

  it("rejects a renamed executable, an oversized file, an empty file and bad fields, each inline", async () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    big.set(PDF);
    const result = await parseCreateForm(
      form({
        order_num: "",
        claim_amount: "12.345",
        claim_status: "Paid",
        claim_amount_currency: "dollars",
        claim_file: new File([new TextEncoder().encode("MZ...")], "claim.pdf", { type: "application/pdf" }),
        claim_file_2: new File([big], "big.pdf"),
        claim_file_3: new File([], "empty.pdf"),
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(englishErrors(result.errors)).toMatchObject({
      order_num: expect.any(String),
      claim_amount: expect.any(String),
      claim_status: expect.any(String),
      claim_amount_currency: expect.any(String),
      claim_file: expect.stringMatching(/PDF or an image/),
      claim_file_2: expect.stringMatching(/10 MB/),
      claim_file_3: expect.stringMatching(/empty/),
    });
    // A French admin reads them in French, each naming its document.
    expect(translateFields(translator("fr"), result.errors)).toMatchObject({
      claim_file_2: "Deuxième document de réclamation : le fichier dépasse 10 Mo",
    });
  });

  it("an update needs a change and only moves Alert to Reviewing", async () => {
    expect(await parseUpdateForm(form({ order_num: "1" }))).toEqual({
      ok: false,
      errors: { form: { key: "chargebackError.nothingChanged" } },
    });
    expect(await parseUpdateForm(form({ order_num: "1", claim_status: "Accepted" }))).toMatchObject({ ok: false });
    expect(await parseUpdateForm(form({ order_num: "1", claim_status: "Reviewing" }), "Alert")).toEqual({
      ok: true,
      orderNum: "1",
      input: { claim_status: "Reviewing" },
    });
    expect(await parseUpdateForm(form({ order_num: "1", claim_amount: "5" }), "Reviewing")).toEqual({
      ok: true,
      orderNum: "1",
      input: { claim_amount: "5.00" },
    });
    expect(parseClaimAmount("0")).toHaveProperty("error");
  });

  it("maps Apruvd's field messages to the fields", () => {
    expect(englishErrors(apruvdFieldErrors("order_num: No transaction with this order_num."))).toEqual({
      order_num: "Apruvd: No transaction with this order_num.",
    });
    expect(englishErrors(apruvdFieldErrors("Something else"))).toEqual({
      form: "Apruvd refused the request: Something else",
    });
    // Apruvd's words as Apruvd wrote them, inside a French sentence.
    expect(translateFields(translator("fr"), apruvdFieldErrors("Something else"))).toEqual({
      form: "Apruvd a refusé la demande : Something else",
    });
  });
});

describe("chargebacks against the Apruvd sandbox", () => {
  let sandbox: ApruvdSandbox;
  const shop = "cb.myshopify.com";
  let client: ApruvdClient;

  beforeAll(async () => {
    sandbox = await startApruvdSandbox({ reviewDelayMs: Infinity });
    const account = sandbox.createAccount();
    process.env.APRUVD_API_URL = sandbox.url;
    await saveApruvdCredentials(prisma, shop, account);
    client = (await apruvdClientForShop(prisma, shop))!;
    for (let i = 0; i < 23; i++) {
      await client.submitTransaction({
        type: "Ecommerce",
        total: 100 + i,
        currency: "USD",
        order_num: String(2000 + i),
        ip: "203.0.113.9",
        email: "buyer@example.com",
      } as never);
    }
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it("has no client without keys", async () => {
    expect(await apruvdClientForShop(prisma, "nokeys.myshopify.com")).toBeNull();
    expect(await listChargebacks(null)).toMatchObject({ ok: false, needsSetup: true });
  });

  it("files, lists across pages, updates and deletes claims", async () => {
    const parsed = await parseCreateForm(
      form({ order_num: "2000", claim_status: "Alert", claim_file: new File([PDF], "claim.pdf") }),
    );
    if (!parsed.ok) throw new Error("form should parse");
    const created = await fileChargeback(client, parsed.input);
    expect(created).toMatchObject({ ok: true, claim: { orderNum: "2000", status: "Alert", amount: "100.00" } });
    if (created.ok) expect(created.claim!.files.map((f) => f.field)).toEqual(["claim_file"]);

    const duplicate = await fileChargeback(client, parsed.input);
    expect(!duplicate.ok && englishErrors(duplicate.errors).order_num).toMatch(/already exists/);
    const unknown = await fileChargeback(client, { order_num: "nope" });
    expect(!unknown.ok && englishErrors(unknown.errors).order_num).toMatch(/No transaction/);

    for (let i = 1; i < 22; i++) expect((await fileChargeback(client, { order_num: String(2000 + i) })).ok).toBe(true);
    const first = await listChargebacks(client);
    if (!first.ok) throw new Error(englishOf(first.message));
    expect(first.claims).toHaveLength(20);
    expect(first.next).not.toBeNull();
    const second = await listChargebacks(client, first.next);
    if (!second.ok) throw new Error(englishOf(second.message));
    expect(second.claims.map((c) => c.orderNum)).toEqual(["2020", "2021"]);
    expect(second.next).toBeNull();

    const moved = await updateChargeback(client, "2000", { claim_status: "Reviewing", claim_amount: "80.00" });
    expect(moved).toMatchObject({ ok: true, claim: { status: "Reviewing", amount: "80.00" } });
    const back = await updateChargeback(client, "2000", { claim_status: "Alert" });
    expect(back.ok).toBe(false);

    expect((await deleteChargeback(client, "2001")).ok).toBe(true);
    const missing = await updateChargeback(client, "2001", { claim_amount: "1.00" });
    expect(!missing.ok && englishErrors(missing.errors).form).toMatch(/no chargeback/i);
  });

  it("reports rejected keys without throwing", async () => {
    const bad = new ApruvdClient({ baseUrl: sandbox.url, credentials: { keyId: "x", secret: "y" }, maxRetries: 0 });
    const listed = await listChargebacks(bad);
    expect(listed).toMatchObject({ ok: false, message: { key: "chargebackError.keysRejected" } });
    expect(!listed.ok && englishOf(listed.message)).toMatch(/rejected this shop's API keys/);
    expect(!listed.ok && translateMessage(translator("fr"), listed.message)).toBe(
      "Apruvd a refusé les clés d’API de cette boutique. Vérifiez-les dans Paramètres.",
    );
  });
});
