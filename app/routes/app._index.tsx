import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import prisma from "../db.server";
import { authenticate } from "../shopify.server";

const PAGE_SIZE = 50;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const reviews = await prisma.review.findMany({
    where: { shop: session.shop },
    orderBy: { createdAt: "desc" },
    take: PAGE_SIZE,
    select: { id: true, orderId: true, orderName: true, status: true, riskGrade: true, total: true, currency: true, createdAt: true, errorMessage: true },
  });
  return { reviews: reviews.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
};

const TONE: Record<string, "success" | "critical" | "attention" | "info" | undefined> = {
  Approved: "success",
  Declined: "critical",
  Reviewing: "attention",
  Submitted: "info",
  pending: "info",
  error: "critical",
};

export default function Reviews() {
  const { reviews } = useLoaderData<typeof loader>();
  return (
    <Page title="Fraud reviews">
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {reviews.length === 0 ? (
              <EmptyState heading="No orders reviewed yet" image="https://cdn.shopify.com/s/files/1/0262/4071/2726/files/emptystate-files.png">
                <p>New orders are sent to Apruvd as soon as they arrive.</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "review", plural: "reviews" }}
                itemCount={reviews.length}
                selectable={false}
                headings={[{ title: "Order" }, { title: "Date" }, { title: "Total" }, { title: "Status" }, { title: "Risk grade" }]}
              >
                {reviews.map((review, index) => (
                  <IndexTable.Row id={review.id} key={review.id} position={index}>
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">{review.orderName ?? review.orderId}</Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{new Date(review.createdAt).toLocaleString()}</IndexTable.Cell>
                    <IndexTable.Cell>{review.total ? `${review.total} ${review.currency ?? ""}` : "—"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="100">
                        <Badge tone={TONE[review.status]}>{review.status}</Badge>
                        {review.errorMessage && <Text as="span" tone="critical" variant="bodySm">{review.errorMessage}</Text>}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{review.riskGrade ?? "—"}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
