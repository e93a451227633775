import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { DateTime } from "../components/DateTime";
import { REVIEWS_ILLUSTRATION } from "../components/illustrations";
import prisma from "../db.server";
import { deliverDataRequestReport, listOpenDataRequests } from "../lib/merchant/compliance/data-requests.server";
import { config } from "../lib/platform/config/config.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const retentionMs = config().retention.dataRequestMs;
  return {
    requests: await listOpenDataRequests(prisma, session.shop, retentionMs),
    retentionDays: Math.round(retentionMs / 86_400_000),
  };
};

/** The download: the report once, then it is deleted (it goes through fetch, which carries the session token). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const id = String((await request.formData()).get("id") ?? "");
  const report = await deliverDataRequestReport(prisma, session.shop, id, config().retention.dataRequestMs);
  if (!report) return Response.json({ error: "This report was already downloaded or has expired." }, { status: 404 });
  return Response.json(report, { headers: { "Cache-Control": "no-store" } });
};

type Delivered = { filename: string; content: string } | { error: string };

function saveFile(filename: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

function DownloadButton({ id }: { id: string }) {
  const fetcher = useFetcher<Delivered>();
  useEffect(() => {
    if (fetcher.data && "content" in fetcher.data) saveFile(fetcher.data.filename, fetcher.data.content);
  }, [fetcher.data]);
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="id" value={id} />
      <Button submit loading={fetcher.state !== "idle"}>
        Download
      </Button>
    </fetcher.Form>
  );
}

export default function DataRequests() {
  const { requests, retentionDays } = useLoaderData<typeof loader>();
  return (
    <Page
      title="Customer data requests"
      subtitle="What the app holds about a customer who asked Shopify for their data"
    >
      <Layout>
        <Layout.Section>
          <Banner tone="info">
            <p>
              Download each report and send it to the customer. A report is deleted as soon as it is downloaded, or{" "}
              {retentionDays} days after the request.
            </p>
          </Banner>
        </Layout.Section>
        <Layout.Section>
          {requests.length === 0 ? (
            <Card>
              <EmptyState heading="No open data requests" image={REVIEWS_ILLUSTRATION}>
                <p>When a customer asks the shop for their data, the app&apos;s report appears here.</p>
              </EmptyState>
            </Card>
          ) : (
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "data request", plural: "data requests" }}
                itemCount={requests.length}
                selectable={false}
                headings={[
                  { title: "Requested" },
                  { title: "Customer" },
                  { title: "Request" },
                  { title: "Orders", alignment: "end" },
                  { title: "Deleted after" },
                  { title: "Report" },
                ]}
              >
                {requests.map((item, index) => (
                  <IndexTable.Row id={item.id} key={item.id} position={index}>
                    <IndexTable.Cell>
                      <DateTime value={item.requestedAt} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>{item.customerId ?? "—"}</IndexTable.Cell>
                    <IndexTable.Cell>{item.dataRequestId ?? "—"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {item.orders}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <DateTime value={item.deletedAfter} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack>
                        <DownloadButton id={item.id} />
                      </BlockStack>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
