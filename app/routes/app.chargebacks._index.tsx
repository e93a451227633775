import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, Banner, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { DateTime, formatMoney } from "../components/DateTime";
import { CHARGEBACKS_ILLUSTRATION } from "../components/illustrations";
import prisma from "../db.server";
import { apruvdClientForShop, listChargebacks } from "../lib/merchant/chargebacks/chargebacks.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const page = new URL(request.url).searchParams.get("page");
  return listChargebacks(await apruvdClientForShop(prisma, session.shop), page);
};

function claimTone(status: string): "success" | "critical" | "attention" | "info" | undefined {
  if (/paid|accepted/i.test(status)) return "success";
  if (/denied|declined|rejected/i.test(status)) return "critical";
  if (/alert/i.test(status)) return "attention";
  if (/review/i.test(status)) return "info";
  return undefined;
}

export default function Chargebacks() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const notice = params.get("filed")
    ? `Chargeback filed for order ${params.get("filed")}`
    : params.get("deleted")
      ? `Chargeback for order ${params.get("deleted")} deleted`
      : null;
  const pageLink = (url: string | null) => (url ? `/app/chargebacks?page=${encodeURIComponent(url)}` : null);

  return (
    <Page
      title="Chargebacks"
      subtitle="Claims for guaranteed orders that were charged back"
      primaryAction={{
        content: "File a chargeback",
        url: "/app/chargebacks/new",
        disabled: !data.ok && data.needsSetup,
      }}
    >
      <Layout>
        {notice ? (
          <Layout.Section>
            <Banner tone="success" title={notice} onDismiss={() => navigate("/app/chargebacks", { replace: true })} />
          </Layout.Section>
        ) : null}
        {!data.ok ? (
          <Layout.Section>
            <Banner
              tone={data.needsSetup ? "warning" : "critical"}
              title={data.needsSetup ? "Apruvd isn't connected" : "Chargebacks could not be loaded"}
              action={
                data.needsSetup
                  ? { content: "Connect Apruvd", url: "/app/onboarding" }
                  : { content: "Try again", url: "/app/chargebacks" }
              }
            >
              <p>{data.message}</p>
            </Banner>
          </Layout.Section>
        ) : data.claims.length === 0 && !data.previous ? (
          <Layout.Section>
            <Card>
              <EmptyState
                heading="No chargeback claims"
                image={CHARGEBACKS_ILLUSTRATION}
                action={{ content: "File a chargeback", url: "/app/chargebacks/new" }}
              >
                <p>
                  If an order Apruvd approved is charged back, file a claim with the bank&apos;s documents and Apruvd
                  reimburses guaranteed orders.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          <Layout.Section>
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "chargeback", plural: "chargebacks" }}
                itemCount={data.claims.length}
                selectable={false}
                loading={navigation.state === "loading"}
                headings={[
                  { title: "Order" },
                  { title: "Filed" },
                  { title: "Amount", alignment: "end" },
                  { title: "Status" },
                  { title: "Documents" },
                  { title: "Denial reason" },
                ]}
                pagination={{
                  hasPrevious: Boolean(data.previous),
                  hasNext: Boolean(data.next),
                  onPrevious: () => navigate(pageLink(data.previous) ?? "/app/chargebacks"),
                  onNext: () => navigate(pageLink(data.next) ?? "/app/chargebacks"),
                }}
              >
                {data.claims.map((claim, index) => (
                  <IndexTable.Row
                    id={claim.orderNum}
                    key={claim.orderNum}
                    position={index}
                    onClick={() => navigate(`/app/chargebacks/${encodeURIComponent(claim.orderNum)}`)}
                  >
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        {claim.orderNum}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <DateTime value={claim.timestamp} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {formatMoney(claim.amount, claim.currency)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={claimTone(claim.status)}>{claim.status}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{claim.files.length}</IndexTable.Cell>
                    <IndexTable.Cell>{claim.denialReason ?? "—"}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
