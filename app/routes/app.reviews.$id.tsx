import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
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
import { ACTION_LABELS, adminOrderUrl, formatDuration } from "../lib/merchant/dashboard/statuses";
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
  return performReviewAction(prisma, session.shop, { reviewId: params.id ?? "" }, form.get("action"));
};

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

export default function ReviewPage() {
  const { review } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  useActionToast(result);
  const busy = navigation.state === "submitting";
  const adminUrl = adminOrderUrl(review.orderId);
  const title = review.orderName ?? `Order ${review.orderId}`;
  const [params] = useSearchParams();
  const [confirmCancel, setConfirmCancel] = useState(
    params.get("confirm") === "cancel" && review.actions.includes("cancel"),
  );
  useEffect(() => {
    if (result) setConfirmCancel(false);
  }, [result]);
  const run = (action: string) => submit({ action }, { method: "post" });
  const [primary, ...others] = review.actions.filter((a) => a !== "cancel");

  return (
    <Page
      backAction={{ content: "Fraud reviews", url: "/app" }}
      title={title}
      titleMetadata={<StatusBadge status={review.status} />}
      subtitle={review.transactionId ? `Apruvd transaction ${review.transactionId}` : "Not sent to Apruvd"}
      primaryAction={
        primary ? { content: ACTION_LABELS[primary], onAction: () => run(primary), loading: busy } : undefined
      }
      secondaryActions={[
        ...(adminUrl ? [{ content: "View order in Shopify", url: adminUrl }] : []),
        ...others.map((a) => ({ content: ACTION_LABELS[a], onAction: () => run(a), disabled: busy })),
        ...(review.actions.includes("cancel")
          ? [
              {
                content: `${ACTION_LABELS.cancel}…`,
                destructive: true,
                onAction: () => setConfirmCancel(true),
                disabled: busy,
              },
            ]
          : []),
      ]}
    >
      <Layout>
        {confirmCancel ? (
          <Layout.Section>
            <Banner
              tone="warning"
              title={`Cancel the Apruvd transaction for ${title}?`}
              onDismiss={() => setConfirmCancel(false)}
            >
              <BlockStack gap="200">
                <p>
                  Apruvd stops reviewing this order and its fraud guarantee ends. The order itself stays open in
                  Shopify.
                </p>
                <InlineStack gap="200">
                  <Button variant="primary" tone="critical" onClick={() => run("cancel")} loading={busy}>
                    Cancel transaction
                  </Button>
                  <Button onClick={() => setConfirmCancel(false)}>Keep it</Button>
                </InlineStack>
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        {result ? (
          <Layout.Section>
            <Banner tone={result.ok ? "success" : "critical"} title={result.message} />
          </Layout.Section>
        ) : null}
        {review.elevatedBy ? (
          <Layout.Section>
            {review.elevatedBy.length > 0 ? (
              <Banner tone="warning" title="Elevated for review by your rules">
                <List>
                  {review.elevatedBy.map((label) => (
                    <List.Item key={label}>{label}</List.Item>
                  ))}
                </List>
              </Banner>
            ) : (
              <Banner tone="info" title="No elevation rule matched">
                <p>
                  {review.status === "Submitted"
                    ? "Submitted to Apruvd without review: Apruvd does not guarantee this order unless you elevate it."
                    : "This order was not elevated by your rules."}
                </p>
              </Banner>
            )}
          </Layout.Section>
        ) : null}
        {review.errorMessage ? (
          <Layout.Section>
            <Banner
              tone={review.status === "error" ? "critical" : "info"}
              title={review.status === "excluded" ? "Excluded from review" : "The last attempt failed"}
            >
              <p>{review.errorMessage}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Reviewer&apos;s notes
                </Text>
                {review.notes ? (
                  <Text as="p">{review.notes}</Text>
                ) : (
                  <Text as="p" tone="subdued">
                    The reviewer left no notes.
                  </Text>
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  History
                </Text>
                {review.events.length === 0 ? (
                  <Text as="p" tone="subdued">
                    Nothing has happened yet.
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
                    Transaction sent to Apruvd
                  </Text>
                  <Text as="p" tone="subdued" variant="bodySm">
                    Customer details are masked.
                  </Text>
                </BlockStack>
                {review.sentTransaction ? (
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="200">
                    {review.sentTransaction.map(([field, value]) => (
                      <BlockStack key={field} gap="0">
                        <Text as="span" variant="bodySm" tone="subdued">
                          {field}
                        </Text>
                        <Text as="span" breakWord>
                          {value}
                        </Text>
                      </BlockStack>
                    ))}
                  </InlineGrid>
                ) : (
                  <Text as="p" tone="subdued">
                    No copy of the transaction was kept for this order.
                  </Text>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Summary
              </Text>
              <Fact label="Status">
                <StatusBadge status={review.status} />
              </Fact>
              <Fact label="Risk grade">{review.riskGrade ?? "—"}</Fact>
              <Fact label="Total">{formatMoney(review.total, review.currency)}</Fact>
              <Fact label="Order number sent">{review.orderNum ?? "—"}</Fact>
              <Fact label="Received">
                <DateTime value={review.createdAt} />
              </Fact>
              <Fact label="Submitted">
                <DateTime value={review.submittedAt} />
              </Fact>
              <Fact label="Decided">
                <DateTime value={review.decidedAt} />
              </Fact>
              <Fact label="Time to decision">{formatDuration(review.decisionMs)}</Fact>
              {review.apruvdCancelledAt ? (
                <Fact label="Cancelled at Apruvd">
                  <DateTime value={review.apruvdCancelledAt} />
                </Fact>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError notFoundTitle="Review not found" />;
}
