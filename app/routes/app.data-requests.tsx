import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  Layout,
  Page,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { useEffect } from "react";
import { DateTime } from "../components/DateTime";
import { useI18n } from "../components/I18n";
import { pageTitle } from "../lib/merchant/i18n/page-title";
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
  if (!report) return Response.json({ error: "gone" }, { status: 404 });
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

function DownloadButton({ id, label }: { id: string; label: string }) {
  const { t } = useI18n();
  const fetcher = useFetcher<Delivered>();
  useEffect(() => {
    if (fetcher.data && "content" in fetcher.data) saveFile(fetcher.data.filename, fetcher.data.content);
  }, [fetcher.data]);
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="id" value={id} />
      <Button submit loading={fetcher.state !== "idle"} accessibilityLabel={label}>
        {t("dataRequests.download")}
      </Button>
      {fetcher.data && "error" in fetcher.data ? (
        <Text as="p" tone="critical">
          {t("dataRequests.gone")}
        </Text>
      ) : null}
    </fetcher.Form>
  );
}

export const meta = pageTitle("dataRequests.title");

export default function DataRequests() {
  const { requests, retentionDays } = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const narrow = useBreakpoints().smDown;
  return (
    <Page title={t("dataRequests.title")} subtitle={t("dataRequests.subtitle")}>
      <TitleBar title={t("dataRequests.title")} />
      <Layout>
        <Layout.Section>
          <Banner tone="info">
            <p>{t("dataRequests.info", { count: retentionDays })}</p>
          </Banner>
        </Layout.Section>
        <Layout.Section>
          {requests.length === 0 ? (
            <Card>
              <EmptyState heading={t("dataRequests.empty.title")} image={REVIEWS_ILLUSTRATION}>
                <p>{t("dataRequests.empty.body")}</p>
              </EmptyState>
            </Card>
          ) : (
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: t("dataRequests.resource.one"), plural: t("dataRequests.resource.other") }}
                condensed={narrow}
                itemCount={requests.length}
                selectable={false}
                headings={[
                  { title: t("dataRequests.column.requested") },
                  { title: t("dataRequests.column.customer") },
                  { title: t("dataRequests.column.request") },
                  { title: t("dataRequests.column.orders"), alignment: "end" },
                  { title: t("dataRequests.column.deletedAfter") },
                  { title: t("dataRequests.column.report") },
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
                        {format.number(item.orders)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <DateTime value={item.deletedAfter} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack>
                        <DownloadButton
                          id={item.id}
                          label={t("dataRequests.downloadFor", { customer: item.customerId ?? item.id })}
                        />
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
