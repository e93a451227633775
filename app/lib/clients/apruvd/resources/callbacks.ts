/**
 * /api/callbacks/: register where Apruvd sends its decisions and settings (with the
 * credentials it signs them with), and ask it to send one now.
 */
import type { ApruvdTransport } from "../transport";
import type {
  CallbackRegistrationInput,
  CallbackRegistrationResponse,
  ReviewCompleteCallback,
  SettingsCallback,
} from "../types";

export type CallbackName = "review-complete" | "settings-update";

export class CallbacksResource {
  constructor(private readonly transport: ApruvdTransport) {}

  /** POST /api/callbacks/ */
  register(input: CallbackRegistrationInput): Promise<CallbackRegistrationResponse> {
    return this.transport.request({ method: "POST", path: "/api/callbacks/", json: input, retry: "safe" });
  }

  /** POST /api/callbacks/{callback}/trigger/ */
  trigger(callback: "review-complete", body: { transaction_id: number }): Promise<ReviewCompleteCallback>;
  trigger(callback: "settings-update"): Promise<SettingsCallback>;
  trigger(
    callback: CallbackName,
    body?: { transaction_id: number },
  ): Promise<ReviewCompleteCallback | SettingsCallback>;
  trigger(
    callback: CallbackName,
    body?: { transaction_id: number },
  ): Promise<ReviewCompleteCallback | SettingsCallback> {
    return this.transport.request({
      method: "POST",
      path: `/api/callbacks/${callback}/trigger/`,
      json: body ?? {},
      retry: "safe",
    });
  }
}
