import { useFetcher, useNavigate } from "@remix-run/react";
import { ActionList, Button, Popover } from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { ACTION_LABELS, CONFIRMED_ACTIONS } from "../lib/merchant/dashboard/statuses";
import type { MerchantAction } from "../lib/receive/merchant-actions.server";
import type { MessageKey } from "../lib/merchant/i18n/translate";
import { showToast } from "./app-bridge";
import { useI18n } from "./I18n";

export interface ActionResult {
  ok: boolean;
  message: string;
  /** The message in the merchant's language (review-actions.server.ts). */
  messageKey?: MessageKey;
}

/** An action's result in the merchant's language. */
export function useActionMessage(data: ActionResult | undefined): string | null {
  const { t } = useI18n();
  if (!data) return null;
  return data.messageKey ? t(data.messageKey) : data.message;
}

/** Reports a review action's result once (App Bridge toast when available). */
export function useActionToast(data: ActionResult | undefined) {
  const message = useActionMessage(data);
  useEffect(() => {
    if (data && message) showToast(message, { isError: !data.ok });
    // Once per answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);
}

/**
 * Per-row menu of the actions a review offers (submit, elevate, re-sync, cancel, release,
 * cancel the order), posted to the current route's action with intent=reviewAction; the
 * ones that cannot be undone open the review page to be confirmed there.
 */
export function ReviewActionsMenu({
  reviewId,
  orderLabel,
  actions,
}: {
  reviewId: string;
  orderLabel: string;
  actions: MerchantAction[];
}) {
  const fetcher = useFetcher<ActionResult>();
  const { t } = useI18n();
  const resultMessage = useActionMessage(fetcher.data);
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const toggle = useCallback(() => setOpen((o) => !o), []);
  useActionToast(fetcher.data);
  if (actions.length === 0) return null;
  const run = (action: MerchantAction) => {
    setOpen(false);
    // Cancelling and releasing can't be undone: they are confirmed on the review page.
    if (CONFIRMED_ACTIONS.includes(action)) {
      navigate(`/app/reviews/${reviewId}?confirm=${action}`);
      return;
    }
    fetcher.submit({ intent: "reviewAction", reviewId, action }, { method: "post" });
  };
  return (
    // Keeps a click or key press in the menu from also activating the table row around it.
    <div role="presentation" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <Popover
        active={open}
        onClose={() => setOpen(false)}
        activator={
          <Button
            size="slim"
            disclosure
            onClick={toggle}
            loading={fetcher.state !== "idle"}
            accessibilityLabel={t("action.menuFor", { order: orderLabel })}
          >
            {t("action.menu")}
          </Button>
        }
      >
        <ActionList
          actionRole="menuitem"
          items={actions.map((action) => ({
            content: CONFIRMED_ACTIONS.includes(action)
              ? t("step.confirming", { step: t(ACTION_LABELS[action]) })
              : t(ACTION_LABELS[action]),
            destructive: action === "cancel" || action === "cancel-order",
            onAction: () => run(action),
          }))}
        />
      </Popover>
      {resultMessage ? (
        <span
          role="status"
          className="apruvd-visually-hidden"
          style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}
        >
          {resultMessage}
        </span>
      ) : null}
    </div>
  );
}
