/**
 * Admin order block (admin.order-details.block.render): the order's Apruvd review —
 * status badge, risk grade, the reviewer's notes — and one action: Submit for review
 * (new, excluded or failed orders), Elevate (Submitted orders in submit-then-elevate
 * mode) or Open in app.
 *
 * Preact and Polaris web components (`s-*` elements), as API versions 2025-10 and later
 * expect (https://shopify.dev/docs/apps/build/admin/upgrading-to-2025-10). The target's
 * API is the `shopify` global. The block talks to the app's resource route
 * /api/order-block: the admin resolves relative fetch URLs against the app URL and adds
 * the ID token (Authorization: Bearer) itself
 * (https://shopify.dev/docs/api/admin-extensions/latest#app-authentication), and the route
 * checks it with authenticate.admin. Every string comes from locales/.
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";

export default async () => {
  render(<ApruvdOrderBlock />, document.body);
};

const ORDER_BLOCK_URL = "/api/order-block";

type Action = "submit" | "elevate" | "open";

/** What GET /api/order-block answers (app/lib/merchant/dashboard/order-block.server.ts). */
interface BlockState {
  reviewId: string | null;
  status: string | null;
  riskGrade: string | null;
  notes: string | null;
  errorMessage: string | null;
  action: Action;
}

/** What POST /api/order-block answers. */
interface ActionResult {
  ok: boolean;
  message: string;
  state: BlockState | null;
}

type Tone = "success" | "critical" | "warning" | "info" | "neutral";

function toneOf(status: string | null): Tone {
  switch (status) {
    case "Approved":
      return "success";
    case "Declined":
    case "error":
      return "critical";
    case "Reviewing":
    case "skipped":
      return "warning";
    case "Submitted":
    case "pending":
      return "info";
    default:
      return "neutral";
  }
}

interface Notice {
  tone: "success" | "critical";
  text: string;
}

function ApruvdOrderBlock() {
  const { data, i18n } = shopify;
  const t = (key: string, replacements?: Record<string, string>) => i18n.translate(key, replacements);
  const orderId = data.selected[0]?.id ?? "";
  // The admin user's language, as the block's own translations name it: the server writes the review's error in it.
  const language = t("language");
  const [state, setState] = useState<BlockState | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);

  const load = useCallback(async () => {
    setLoadFailed(false);
    try {
      const response = await fetch(
        `${ORDER_BLOCK_URL}?orderId=${encodeURIComponent(orderId)}&language=${encodeURIComponent(language)}`,
      );
      if (!response.ok) throw new Error(String(response.status));
      setState((await response.json()) as BlockState);
    } catch {
      setLoadFailed(true);
    }
  }, [orderId, language]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (action: "submit" | "elevate") => {
    setBusy(true);
    setNotice(null);
    try {
      const response = await fetch(ORDER_BLOCK_URL, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ orderId, action, language }),
      });
      const result = (await response.json()) as ActionResult;
      if (result.ok) {
        setNotice({ tone: "success", text: t(`done.${action}`) });
        if (result.state) setState(result.state);
      } else {
        setNotice({ tone: "critical", text: t("actionFailed", { message: result.message }) });
      }
    } catch {
      setNotice({ tone: "critical", text: t("loadError") });
    } finally {
      setBusy(false);
    }
  };

  if (loadFailed) {
    return (
      <s-admin-block heading={t("title")}>
        <s-banner tone="critical">{t("loadError")}</s-banner>
      </s-admin-block>
    );
  }
  if (!state) {
    return (
      <s-admin-block heading={t("title")}>
        <s-stack direction="inline" gap="small" alignItems="center">
          <s-spinner accessibilityLabel={t("loading")} />
          <s-text>{t("loading")}</s-text>
        </s-stack>
      </s-admin-block>
    );
  }

  const action = state.action;
  return (
    <s-admin-block heading={t("title")}>
      <s-stack gap="base">
        {notice ? <s-banner tone={notice.tone}>{notice.text}</s-banner> : null}
        <s-stack direction="inline" gap="small" alignItems="center">
          <s-text type="strong">{t("status")}</s-text>
          <s-badge tone={toneOf(state.status)}>{t(`statuses.${state.status ?? "none"}`)}</s-badge>
          {state.riskGrade ? (
            <>
              <s-text type="strong">{t("riskGrade")}</s-text>
              <s-text>{state.riskGrade}</s-text>
            </>
          ) : null}
        </s-stack>
        {state.status === null ? <s-paragraph>{t("notReviewed")}</s-paragraph> : null}
        {state.errorMessage ? <s-paragraph tone="critical">{state.errorMessage}</s-paragraph> : null}
        {state.status !== null ? (
          <s-stack gap="small-200">
            <s-text type="strong">{t("notes")}</s-text>
            <s-paragraph>{state.notes ?? t("noNotes")}</s-paragraph>
          </s-stack>
        ) : null}
        {action === "open" && state.reviewId ? (
          <s-link href={`app:app/reviews/${state.reviewId}`}>{t("actions.open")}</s-link>
        ) : action === "submit" || action === "elevate" ? (
          <s-button variant="primary" loading={busy} disabled={busy} onClick={() => void run(action)}>
            {t(`actions.${action}`)}
          </s-button>
        ) : null}
      </s-stack>
    </s-admin-block>
  );
}
