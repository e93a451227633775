/**
 * Admin order block (admin.order-details.block.render): the order's Apruvd review —
 * status badge, risk grade, the reviewer's notes — and one action: Submit for review
 * (new, excluded or failed orders), Elevate (Submitted orders in submit-then-elevate
 * mode) or Open in app.
 *
 * It talks to the app's resource route /api/order-block; the admin adds the session
 * token (Authorization: Bearer) to fetches to the app's own URL, and the route checks
 * it with authenticate.admin. Every string comes from locales/.
 */
import { useCallback, useEffect, useState } from "react";
import {
  AdminBlock,
  Badge,
  Banner,
  BlockStack,
  Button,
  InlineStack,
  Link,
  ProgressIndicator,
  Text,
  reactExtension,
  useApi,
} from "@shopify/ui-extensions-react/admin";

const TARGET = "admin.order-details.block.render";

export default reactExtension(TARGET, () => <ApruvdOrderBlock />);

type Action = "submit" | "elevate" | "open";

interface BlockState {
  reviewId: string | null;
  status: string | null;
  riskGrade: string | null;
  notes: string | null;
  errorMessage: string | null;
  action: Action;
}

type Tone = "success" | "critical" | "warning" | "info" | undefined;

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
      return undefined;
  }
}

function ApruvdOrderBlock() {
  const { data, i18n } = useApi(TARGET);
  const orderId = data.selected[0]?.id ?? "";
  const [state, setState] = useState<BlockState | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: "success" | "critical"; text: string } | null>(null);

  const load = useCallback(async () => {
    setLoadFailed(false);
    try {
      const response = await fetch(`/api/order-block?orderId=${encodeURIComponent(orderId)}`);
      if (!response.ok) throw new Error(String(response.status));
      setState((await response.json()) as BlockState);
    } catch {
      setLoadFailed(true);
    }
  }, [orderId]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = useCallback(
    async (action: "submit" | "elevate") => {
      setBusy(true);
      setNotice(null);
      try {
        const response = await fetch("/api/order-block", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ orderId, action }),
        });
        const result = (await response.json()) as { ok: boolean; message: string; state: BlockState | null };
        if (result.ok) {
          setNotice({ tone: "success", text: i18n.translate(`done.${action}`) });
          if (result.state) setState(result.state);
        } else {
          setNotice({ tone: "critical", text: i18n.translate("actionFailed", { message: result.message }) });
        }
      } catch {
        setNotice({ tone: "critical", text: i18n.translate("loadError") });
      } finally {
        setBusy(false);
      }
    },
    [orderId, i18n],
  );

  if (loadFailed) {
    return (
      <AdminBlock title={i18n.translate("title")}>
        <Banner tone="critical">{i18n.translate("loadError")}</Banner>
      </AdminBlock>
    );
  }
  if (!state) {
    return (
      <AdminBlock title={i18n.translate("title")}>
        <InlineStack gap="base" blockAlignment="center">
          <ProgressIndicator size="small-200" accessibilityLabel={i18n.translate("loading")} />
          <Text>{i18n.translate("loading")}</Text>
        </InlineStack>
      </AdminBlock>
    );
  }

  const statusText = i18n.translate(`statuses.${state.status ?? "none"}`);
  return (
    <AdminBlock title={i18n.translate("title")}>
      <BlockStack gap="base">
        {notice ? <Banner tone={notice.tone}>{notice.text}</Banner> : null}
        <InlineStack gap="base" blockAlignment="center">
          <Text fontWeight="bold">{i18n.translate("status")}</Text>
          <Badge tone={toneOf(state.status)}>{statusText}</Badge>
          {state.riskGrade ? (
            <>
              <Text fontWeight="bold">{i18n.translate("riskGrade")}</Text>
              <Text>{state.riskGrade}</Text>
            </>
          ) : null}
        </InlineStack>
        {state.status === null ? <Text>{i18n.translate("notReviewed")}</Text> : null}
        {state.errorMessage ? <Text>{state.errorMessage}</Text> : null}
        {state.status !== null ? (
          <BlockStack gap="small">
            <Text fontWeight="bold">{i18n.translate("notes")}</Text>
            <Text>{state.notes ?? i18n.translate("noNotes")}</Text>
          </BlockStack>
        ) : null}
        <InlineStack>
          {state.action === "open" && state.reviewId ? (
            <Link href={`app:app/reviews/${state.reviewId}`}>{i18n.translate("actions.open")}</Link>
          ) : state.action === "submit" || state.action === "elevate" ? (
            <Button variant="primary" disabled={busy} onPress={() => void run(state.action as "submit" | "elevate")}>
              {i18n.translate(`actions.${state.action}`)}
            </Button>
          ) : null}
        </InlineStack>
      </BlockStack>
    </AdminBlock>
  );
}
