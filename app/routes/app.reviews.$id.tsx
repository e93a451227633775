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
import { DateTime, formatMoney } from "../components/DateTime";
import { useActionToast } from "../components/ReviewActionsMenu";
import { RouteError } from "../components/RouteError";
import { StatusBadge } from "../components/StatusBadge";
import prisma from "../db.server";
import { performReviewAction } from "../lib/merchant/dashboard/review-actions.server";
import { getReviewDetail } from "../lib/merchant/dashboard/review-detail.server";
import { CONFIRMATIONS } from "../lib/merchant/dashboard/next-steps";
import { adminOrderUrl, formatDuration, numericOrderId } from "../lib/merchant/dashboard/statuses";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const review = await getReviewDetail(prisma, session.shop, params.id ?? "");
  if (!review) throw new Response("Review not found", { status: 404 });
  return { review };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const flag = (name: string) => form.get(name) === "on" || form.get(name) === "true";
  const cancel = { restock: flag("restock"), refund: flag("refund"), notifyCustomer: flag("notify") };
  return performReviewAction(prisma, session.shop, { reviewId: params.id ?? "" }, form.get("action"), cancel);
};

/** This page's own words (one place, for the i18n layer); the order's fate and steps are in next-steps.ts. */
const COPY = {
  back: "Fraud reviews",
  order: (id: string | null) => (id ? `Order ${id}` : "Order"),
  transaction: (id: number) => `Apruvd transaction ${id}`,
  notSent: "Not sent to Apruvd",
  viewInShopify: "View order in Shopify",
  fixKeys: "Fix your API keys",
  whatHappens: "What happens to this order",
  apruvdSays: "Apruvd says:",
  excluded: "Why it was excluded:",
  summary: "Summary",
  status: "Status",
  riskGrade: "Risk grade",
  total: "Total",
  orderNumberSent: "Order number sent",
  received: "Received",
  submitted: "Submitted",
  decided: "Decided",
  timeToDecision: "Time to decision",
  cancelledAtApruvd: "Cancelled at Apruvd",
  elevated: "Elevated for review by your rules",
  noRule: "No elevation rule matched",
  noRuleSubmitted: "Submitted to Apruvd without review: Apruvd does not guarantee this order unless you elevate it.",
  noRuleOther: "This order was not elevated by your rules.",
  notes: "Reviewer's notes",
  noNotes: "The reviewer left no notes.",
  history: "History",
  noHistory: "Nothing has happened yet.",
  sent: "Transaction sent to Apruvd",
  masked: "Customer details are masked.",
  notKept: "No copy of the transaction was kept for this order.",
} as const;

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
  const text = CONFIRMATIONS[action];
  const [restock, setRestock] = useState(true);
  const [refund, setRefund] = useState(false);
  const [notify, setNotify] = useState(false);
  return (
    <Banner tone="warning" title={text.title(title)} onDismiss={onClose}>
      <BlockStack gap="200">
        <p>{text.body}</p>
        {action === "cancel-order" ? (
          <BlockStack gap="100">
            <Checkbox label={CONFIRMATIONS["cancel-order"].restock} checked={restock} onChange={setRestock} />
            <Checkbox label={CONFIRMATIONS["cancel-order"].refund} checked={refund} onChange={setRefund} />
            <Checkbox label={CONFIRMATIONS["cancel-order"].notify} checked={notify} onChange={setNotify} />
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
            {text.confirm}
          </Button>
          <Button onClick={onClose}>{CONFIRMATIONS.keep}</Button>
        </InlineStack>
      </BlockStack>
    </Banner>
  );
}

export default function ReviewPage() {
  const { review } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  useActionToast(result);
  const busy = navigation.state === "submitting";
  const adminUrl = adminOrderUrl(review.orderId);
  const title = review.orderName ?? COPY.order(numericOrderId(review.orderId));
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
      backAction={{ content: COPY.back, url: "/app" }}
      title={title}
      titleMetadata={<StatusBadge status={review.status} />}
      subtitle={review.transactionId ? COPY.transaction(review.transactionId) : COPY.notSent}
      // The next steps are beside what happens to the order (first on a phone), not repeated here.
      secondaryActions={adminUrl ? [{ content: COPY.viewInShopify, url: adminUrl }] : []}
    >
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
            <Banner tone={result.ok ? "success" : "critical"} title={result.message} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: "2fr 1fr" }} gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {COPY.whatHappens}
                </Text>
                <Banner tone={tone === "info" ? "info" : tone} title={review.outcome.title} hideIcon={false}>
                  <BlockStack gap="200">
                    <p data-testid="order-outcome-body">{review.outcome.body}</p>
                    {review.errorMessage ? (
                      <p>
                        <strong>{review.status === "excluded" ? COPY.excluded : COPY.apruvdSays}</strong>{" "}
                        {review.errorMessage}
                      </p>
                    ) : null}
                  </BlockStack>
                </Banner>
                {review.nextSteps.length > 0 || review.status === "paused" ? (
                  <InlineStack gap="200">
                    {review.status === "paused" ? (
                      <Button url="/app/settings" variant="primary">
                        {COPY.fixKeys}
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
                        {step.confirm ? `${step.label}…` : step.label}
                      </Button>
                    ))}
                  </InlineStack>
                ) : null}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {COPY.summary}
                </Text>
                <Fact label={COPY.status}>
                  <StatusBadge status={review.status} />
                </Fact>
                <Fact label={COPY.riskGrade}>{review.riskGrade ?? "—"}</Fact>
                <Fact label={COPY.total}>{formatMoney(review.total, review.currency)}</Fact>
                <Fact label={COPY.orderNumberSent}>{review.orderNum ?? "—"}</Fact>
                <Fact label={COPY.received}>
                  <DateTime value={review.createdAt} />
                </Fact>
                <Fact label={COPY.submitted}>
                  <DateTime value={review.submittedAt} />
                </Fact>
                <Fact label={COPY.decided}>
                  <DateTime value={review.decidedAt} />
                </Fact>
                <Fact label={COPY.timeToDecision}>{formatDuration(review.decisionMs)}</Fact>
                {review.apruvdCancelledAt ? (
                  <Fact label={COPY.cancelledAtApruvd}>
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
              <Banner tone="warning" title={COPY.elevated}>
                <List>
                  {review.elevatedBy.map((label) => (
                    <List.Item key={label}>{label}</List.Item>
                  ))}
                </List>
              </Banner>
            ) : (
              <Banner tone="info" title={COPY.noRule}>
                <p>{review.status === "Submitted" ? COPY.noRuleSubmitted : COPY.noRuleOther}</p>
              </Banner>
            )}
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {COPY.notes}
                </Text>
                {review.notes ? (
                  <Text as="p">{review.notes}</Text>
                ) : (
                  <Text as="p" tone="subdued">
                    {COPY.noNotes}
                  </Text>
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {COPY.history}
                </Text>
                {review.events.length === 0 ? (
                  <Text as="p" tone="subdued">
                    {COPY.noHistory}
                  </Text>
                ) : (
                  <ol aria-label="Review history" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                    {review.events.map((event, i) => (
                      <li key={event.id}>
                        {i > 0 ? <Divider /> : null}
                        <Box paddingBlock="300">
                          <BlockStack gap="100">
                            <InlineStack align="space-between" gap="200">
                              <Text as="span" fontWeight="semibold">
                                {event.message}
                              </Text>
                              <Text as="span" tone="subdued" variant="bodySm">
                                <DateTime value={event.createdAt} />
                              </Text>
                            </InlineStack>
                            {event.facts.length > 0 ? (
                              <Text as="p" tone="subdued" variant="bodySm">
                                {event.facts.map((f) => `${f.label}: ${f.value}`).join(" · ")}
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
                    {COPY.sent}
                  </Text>
                  <Text as="p" tone="subdued" variant="bodySm">
                    {COPY.masked}
                  </Text>
                </BlockStack>
                {review.sentTransaction ? (
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="200">
                    {review.sentTransaction.map(([label, value], i) => (
                      <BlockStack key={`${i}-${label}`} gap="0">
                        <Text as="span" variant="bodySm" tone="subdued">
                          {label}
                        </Text>
                        <Text as="span" breakWord>
                          {value}
                        </Text>
                      </BlockStack>
                    ))}
                  </InlineGrid>
                ) : (
                  <Text as="p" tone="subdued">
                    {COPY.notKept}
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
  return <RouteError notFoundTitle="Review not found" />;
}
