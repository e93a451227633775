import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  Card,
  EmptyState,
  IndexTable,
  Layout,
  Link,
  Page,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { DateTime } from "../components/DateTime";
import { translateMessage } from "../lib/merchant/i18n/message";
import { useI18n } from "../components/I18n";
import { pageTitle } from "../lib/merchant/i18n/page-title";
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

export const meta = pageTitle("chargebacks.title");

export default function Chargebacks() {
  const { t, format } = useI18n();
  // Small screens get the condensed table (one stacked row per claim) instead of hidden columns.
  const narrow = useBreakpoints().smDown;
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const notice = params.get("filed")
    ? t("chargebacks.filed", { order: params.get("filed") ?? "" })
    : params.get("deleted")
      ? t("chargebacks.deleted", { order: params.get("deleted") ?? "" })
      : null;
  const pageLink = (url: string | null) => (url ? `/app/chargebacks?page=${encodeURIComponent(url)}` : null);

  return (
    <Page
      title={t("chargebacks.title")}
      subtitle={t("chargebacks.subtitle")}
      primaryAction={{
        content: t("chargebacks.new.title"),
        url: "/app/chargebacks/new",
        disabled: !data.ok && data.needsSetup,
      }}
    >
      <TitleBar title={t("chargebacks.title")} />
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
              title={data.needsSetup ? t("chargebacks.notConnected") : t("chargebacks.loadFailed")}
              action={
                data.needsSetup
                  ? { content: t("chargebacks.connect"), url: "/app/onboarding" }
                  : { content: t("common.tryAgain"), url: "/app/chargebacks" }
              }
            >
              <p>{translateMessage(t, data.message)}</p>
            </Banner>
          </Layout.Section>
        ) : data.claims.length === 0 && !data.previous ? (
          <Layout.Section>
            <Card>
              <EmptyState
                heading={t("chargebacks.empty.title")}
                image={CHARGEBACKS_ILLUSTRATION}
                action={{ content: t("chargebacks.new.title"), url: "/app/chargebacks/new" }}
              >
                <p>{t("chargebacks.empty.body")}</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          <Layout.Section>
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: t("chargebacks.resource.one"), plural: t("chargebacks.resource.other") }}
                condensed={narrow}
                itemCount={data.claims.length}
                selectable={false}
                loading={navigation.state === "loading"}
                headings={[
                  { title: t("chargebacks.column.order") },
                  { title: t("chargebacks.column.filed") },
                  { title: t("chargebacks.column.amount"), alignment: "end" },
                  { title: t("chargebacks.column.status") },
                  { title: t("chargebacks.documents") },
                  { title: t("chargebacks.column.denialReason") },
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
                      {/* A real link: rows open by keyboard (Tab, Enter) as well as by click. */}
                      <Link
                        url={`/app/chargebacks/${encodeURIComponent(claim.orderNum)}`}
                        removeUnderline
                        dataPrimaryLink
                        accessibilityLabel={t("chargebacks.openClaim", { order: claim.orderNum })}
                      >
                        <Text as="span" fontWeight="semibold">
                          {claim.orderNum}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <DateTime value={claim.timestamp} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {format.money(claim.amount, claim.currency)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={claimTone(claim.status)}>{claim.status}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{format.number(claim.files.length)}</IndexTable.Cell>
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
