import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  Divider,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { TitleBar } from "@shopify/app-bridge-react";
import { DateTime } from "../components/DateTime";
import { useI18n } from "../components/I18n";
import { useActionMessage, useActionToast } from "../components/ReviewActionsMenu";
import { RouteError } from "../components/RouteError";
import { StatusBadge } from "../components/StatusBadge";
import prisma from "../db.server";
import { performReviewAction } from "../lib/merchant/dashboard/review-actions.server";
import { getReviewDetail } from "../lib/merchant/dashboard/review-detail.server";
import { CANCEL_ORDER_CHOICES, CONFIRMATIONS } from "../lib/merchant/dashboard/next-steps";
import { transactionFieldLabel } from "../lib/merchant/dashboard/transaction-labels";
import { translateMessage, translateText } from "../lib/merchant/i18n/message";
import { pageTitle } from "../lib/merchant/i18n/page-title";
import { adminOrderUrl, numericOrderId } from "../lib/merchant/dashboard/statuses";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const review = await getReviewDetail(prisma, session.shop, params.id ?? "");
  if (!review) throw new Response("Review not found", { status: 404 });
  return { review };
};

export const meta = pageTitle("review.metaTitle");

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const flag = (name: string) => form.get(name) === "on" || form.get(name) === "true";
  const cancel = { restock: flag("restock"), refund: flag("refund"), notifyCustomer: flag("notify") };
  return performReviewAction(prisma, session.shop, { reviewId: params.id ?? "" }, form.get("action"), cancel);
};

type ConfirmedAction = "release" | "cancel-order" | "cancel";
const CONFIRMED: readonly string[] = ["release", "cancel-order", "cancel"];

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <InlineStack align="space-between" gap="200" wrap={false}>
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" alignment="end">
        {children}
      </Text>
    </InlineStack>
  );
}

/** The confirmation of a step that cannot be undone; cancelling the order asks restock, refund and email. */
function Confirmation({
  action,
  title,
  busy,
  onConfirm,
  onClose,
}: {
  action: ConfirmedAction;
  title: string;
  busy: boolean;
  onConfirm: (choices: Record<string, string>) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const text = CONFIRMATIONS[action];
  const [restock, setRestock] = useState(true);
  const [refund, setRefund] = useState(false);
  const [notify, setNotify] = useState(false);
  return (
    <Banner tone="warning" title={t(text.title, { order: title })} onDismiss={onClose}>
      <BlockStack gap="200">
        <p>{t(text.body)}</p>
        {action === "cancel-order" ? (
          <BlockStack gap="100">
            <Checkbox label={t(CANCEL_ORDER_CHOICES.restock)} checked={restock} onChange={setRestock} />
            <Checkbox label={t(CANCEL_ORDER_CHOICES.refund)} checked={refund} onChange={setRefund} />
            <Checkbox label={t(CANCEL_ORDER_CHOICES.notify)} checked={notify} onChange={setNotify} />
          </BlockStack>
        ) : null}
        <InlineStack gap="200">
          <Button
            variant="primary"
            tone={action === "release" ? undefined : "critical"}
            loading={busy}
            onClick={() =>
              onConfirm(
                action === "cancel-order"
                  ? { restock: String(restock), refund: String(refund), notify: String(notify) }
                  : {},
              )
            }
          >
            {t(text.confirm)}
          </Button>
          <Button onClick={onClose}>{t("confirm.keep")}</Button>
        </InlineStack>
      </BlockStack>
    </Banner>
  );
}

export default function ReviewPage() {
  const { review } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, format } = useI18n();
  const resultMessage = useActionMessage(result);
  const navigation = useNavigation();
  const submit = useSubmit();
  useActionToast(result);
  const busy = navigation.state === "submitting";
  const adminUrl = adminOrderUrl(review.orderId);
  const orderNumber = numericOrderId(review.orderId);
  const title = review.orderName ?? (orderNumber ? t("review.order", { id: orderNumber }) : t("review.orderUnknown"));
  const [params] = useSearchParams();
  const asked = params.get("confirm");
  const [confirming, setConfirming] = useState<ConfirmedAction | null>(
    asked && CONFIRMED.includes(asked) && review.actions.includes(asked as ConfirmedAction)
      ? (asked as ConfirmedAction)
      : null,
  );
  useEffect(() => {
    if (result) setConfirming(null);
  }, [result]);
  const run = (action: string, choices: Record<string, string> = {}) =>
    submit({ action, ...choices }, { method: "post" });
  const start = (step: { action: string; confirm: boolean }) =>
    step.confirm ? setConfirming(step.action as ConfirmedAction) : run(step.action);
  const tone = review.outcome.tone;

  return (
    <Page
      backAction={{ content: t("review.back"), url: "/app" }}
      title={title}
      titleMetadata={<StatusBadge status={review.status} />}
      subtitle={review.transactionId ? t("review.transaction", { id: review.transactionId }) : t("review.notSent")}
      // The next steps are beside what happens to the order (first on a phone), not repeated here.
      secondaryActions={adminUrl ? [{ content: t("review.viewInShopify"), url: adminUrl }] : []}
    >
      <TitleBar title={title} />
      <Layout>
        {confirming ? (
          <Layout.Section>
            <Confirmation
              action={confirming}
              title={title}
              busy={busy}
              onConfirm={(choices) => run(confirming, choices)}
              onClose={() => setConfirming(null)}
            />
          </Layout.Section>
        ) : null}
        {result ? (
          <Layout.Section>
            <Banner tone={result.ok ? "success" : "critical"} title={resultMessage ?? ""} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: "2fr 1fr" }} gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("review.whatHappens")}
                </Text>
                <Banner tone={tone} title={t(review.outcome.title)}>
                  <BlockStack gap="200">
                    <p data-testid="order-outcome-body">{t(review.outcome.body)}</p>
                    {review.errorMessage ? (
                      <p>
                        <strong>
                          {review.status === "excluded"
                            ? t("review.excluded")
                            : // The app's own lines say who said what; only text of unknown origin is Apruvd's.
                              review.error
                              ? t("review.why")
                              : t("review.apruvdSays")}
                        </strong>{" "}
                        {review.error ? translateMessage(t, review.error) : review.errorMessage}
                      </p>
                    ) : null}
                  </BlockStack>
                </Banner>
                {review.nextSteps.length > 0 || review.status === "paused" ? (
                  <InlineStack gap="200">
                    {review.status === "paused" ? (
                      <Button url="/app/settings" variant="primary">
                        {t("review.fixKeys")}
                      </Button>
                    ) : null}
                    {review.nextSteps.map((step, i) => (
                      <Button
                        key={step.action}
                        loading={busy && i === 0}
                        variant={i === 0 && review.status !== "paused" ? "primary" : undefined}
                        tone={step.destructive ? "critical" : undefined}
                        onClick={() => start(step)}
                        disabled={busy}
                      >
                        {step.confirm ? t("step.confirming", { step: t(step.label) }) : t(step.label)}
                      </Button>
                    ))}
                  </InlineStack>
                ) : null}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("review.summary")}
                </Text>
                <Fact label={t("review.status")}>
                  <StatusBadge status={review.status} />
                </Fact>
                <Fact label={t("review.riskGrade")}>{review.riskGrade ?? "—"}</Fact>
                <Fact label={t("review.total")}>{format.money(review.total, review.currency)}</Fact>
                <Fact label={t("review.orderNumberSent")}>{review.orderNum ?? "—"}</Fact>
                <Fact label={t("review.received")}>
                  <DateTime value={review.createdAt} />
                </Fact>
                <Fact label={t("review.submitted")}>
                  <DateTime value={review.submittedAt} />
                </Fact>
                <Fact label={t("review.decided")}>
                  <DateTime value={review.decidedAt} />
                </Fact>
                <Fact label={t("review.timeToDecision")}>{format.duration(review.decisionMs)}</Fact>
                {review.apruvdCancelledAt ? (
                  <Fact label={t("review.cancelledAtApruvd")}>
                    <DateTime value={review.apruvdCancelledAt} />
                  </Fact>
                ) : null}
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>
        {review.elevatedBy ? (
          <Layout.Section>
            {review.elevatedBy.length > 0 ? (
              <Banner tone="warning" title={t("review.elevated")}>
                <List>
                  {review.elevatedBy.map((rule, i) => (
                    <List.Item key={i}>{translateText(t, rule)}</List.Item>
                  ))}
                </List>
              </Banner>
            ) : (
              <Banner tone="info" title={t("review.noRule")}>
                <p>{review.status === "Submitted" ? t("review.noRuleSubmitted") : t("review.noRuleOther")}</p>
              </Banner>
            )}
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("review.notes")}
                </Text>
                {review.notes ? (
                  <Text as="p">{review.notes}</Text>
                ) : (
                  <Text as="p" tone="subdued">
                    {t("review.noNotes")}
                  </Text>
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("review.history")}
                </Text>
                {review.events.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {t("review.noHistory")}
                  </Text>
                ) : (
                  <ol aria-label={t("review.historyList")} style={{ listStyle: "none", margin: 0, padding: 0 }}>
                    {review.events.map((event, i) => (
                      <li key={event.id}>
                        {i > 0 ? <Divider /> : null}
                        <Box paddingBlock="300">
                          <BlockStack gap="100">
                            <InlineStack align="space-between" gap="200">
                              <Text as="span" fontWeight="semibold">
                                {event.line ? translateMessage(t, event.line) : event.text}
                              </Text>
                              <Text as="span" tone="subdued" variant="bodySm">
                                <DateTime value={event.createdAt} />
                              </Text>
                            </InlineStack>
                            {event.facts.length > 0 ? (
                              <Text as="p" tone="subdued" variant="bodySm">
                                {event.facts
                                  .map((f) => t("review.fact", { label: t(f.label), value: f.value }))
                                  .join(" · ")}
                              </Text>
                            ) : null}
                          </BlockStack>
                        </Box>
                      </li>
                    ))}
                  </ol>
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    {t("review.sent")}
                  </Text>
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t("review.masked")}
                  </Text>
                </BlockStack>
                {review.sentTransaction ? (
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="200">
                    {review.sentTransaction.map(([field, value], i) => (
                      <BlockStack key={`${i}-${field}`} gap="0">
                        <Text as="span" variant="bodySm" tone="subdued">
                          {transactionFieldLabel(field, t)}
                        </Text>
                        <Text as="span" breakWord>
                          {value}
                        </Text>
                      </BlockStack>
                    ))}
                  </InlineGrid>
                ) : (
                  <Text as="p" tone="subdued">
                    {t("review.notKept")}
                  </Text>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError notFoundTitle="review.notFound" />;
}
