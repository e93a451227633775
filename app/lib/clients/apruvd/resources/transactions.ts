/**
 * /api/transactions/: submit an order for review, read its status (by transaction id or
 * by order number), update it (Apruvd re-reviews), cancel it, elevate it into review.
 */
import { ApruvdError, ApruvdNotFoundError } from "../errors";
import type { ApruvdTransport } from "../transport";
import type {
  ApruvdTransaction,
  CancelTransactionResponse,
  ElevateResponse,
  SubmitTransactionResponse,
  TransactionStatusResponse,
  UpdateTransactionResponse,
} from "../types";

function assertTransactionId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 0) throw new TypeError("Apruvd transaction_id must be a non-negative integer");
}

export class TransactionsResource {
  constructor(private readonly transport: ApruvdTransport) {}

  /**
   * POST /api/transactions/submit/ → 201. A duplicate order_num is an ApruvdInvalidRequestError with isDuplicateOrder.
   * Sent again only when the first attempt certainly did not reach Apruvd ("unsent"): after a
   * timeout or a 500 it may have created a transaction, and an account accepts a second one
   * with the same order_num unless it enforces unique order numbers (off by default).
   */
  submit(tx: ApruvdTransaction): Promise<SubmitTransactionResponse> {
    return this.transport.request({ method: "POST", path: "/api/transactions/submit/", json: tx, retry: "unsent" });
  }

  /** GET /api/transactions/status/?transaction_id= */
  async getStatus(transactionId: number): Promise<TransactionStatusResponse> {
    assertTransactionId(transactionId);
    return this.transport.request({
      method: "GET",
      path: `/api/transactions/status/?transaction_id=${encodeURIComponent(String(transactionId))}`,
      retry: "safe",
    });
  }

  /** GET /api/transactions/status/?order_num= → every transaction with that order number ([] when none). */
  async getStatusByOrderNum(orderNum: string): Promise<TransactionStatusResponse[]> {
    let body: unknown;
    try {
      body = await this.transport.request<unknown>({
        method: "GET",
        path: `/api/transactions/status/?order_num=${encodeURIComponent(orderNum)}`,
        retry: "safe",
      });
    } catch (error) {
      if (error instanceof ApruvdNotFoundError) return [];
      throw error;
    }
    if (body === null || typeof body !== "object") {
      throw new ApruvdError("Apruvd returned an unexpected status response", "invalid_response", { status: 200 });
    }
    if (Array.isArray(body)) return body as TransactionStatusResponse[];
    if ("transaction_id" in body) return [body as TransactionStatusResponse];
    return Object.values(body as Record<string, TransactionStatusResponse>)
      .filter((v) => v !== null && typeof v === "object")
      .map((v) => ({ ...v, order_num: v.order_num ?? orderNum }))
      .sort((a, b) => a.transaction_id - b.transaction_id);
  }

  /** POST /api/transactions/{id}/update/ → the changelog; Apruvd re-reviews the order. */
  async update(transactionId: number, changes: Partial<ApruvdTransaction>): Promise<UpdateTransactionResponse> {
    assertTransactionId(transactionId);
    return this.transport.request({
      method: "POST",
      path: `/api/transactions/${encodeURIComponent(String(transactionId))}/update/`,
      json: changes,
      retry: "safe",
    });
  }

  /** POST /api/transactions/{id}/cancel/ */
  async cancel(transactionId: number): Promise<CancelTransactionResponse> {
    assertTransactionId(transactionId);
    return this.transport.request({
      method: "POST",
      path: `/api/transactions/${encodeURIComponent(String(transactionId))}/cancel/`,
      retry: "safe",
    });
  }

  /** POST /api/transactions/elevate/ — moves a Submitted transaction into review. */
  elevate(target: { transaction_id: number } | { order_num: string }): Promise<ElevateResponse> {
    const json =
      "transaction_id" in target ? { transaction_id: target.transaction_id } : { order_num: target.order_num };
    return this.transport.request({ method: "POST", path: "/api/transactions/elevate/", json, retry: "safe" });
  }
}
