import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, EmptyState, Layout, Page } from "@shopify/polaris";
import { useCallback, useEffect } from "react";
import { DashboardOverview } from "../components/DashboardOverview";
import { useI18n } from "../components/I18n";
import { REVIEWS_ILLUSTRATION } from "../components/illustrations";
import { ReviewsTable } from "../components/ReviewsTable";
import prisma from "../db.server";
import { loadDashboard } from "../lib/merchant/dashboard/dashboard.server";
import { performReviewAction } from "../lib/merchant/dashboard/review-actions.server";
import { pageTitle } from "../lib/merchant/i18n/page-title";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadDashboard(prisma, session.shop, new URL(request.url));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  return performReviewAction(
    prisma,
    session.shop,
    { reviewId: String(form.get("reviewId") ?? "") },
    form.get("action"),
  );
};

export const meta = pageTitle("dashboard.title");

/** Reloads the page's data after `afterMs` while something shown is in flight (the loader decides). */
function useRefreshWhileInFlight(afterMs: number | null, data: unknown) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!afterMs) return;
    const timer = setTimeout(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, afterMs);
    return () => clearTimeout(timer);
    // Re-armed by every new answer of the loader.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [afterMs, data]);
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { t, format } = useI18n();
  const [searchParams, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/app";
  useRefreshWhileInFlight(data.refreshAfterMs, data);

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(searchParams);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === "") next.delete(k);
        else next.set(k, v);
      }
      // A new filter starts again at the first page.
      if (!("after" in changes) && !("before" in changes)) {
        next.delete("after");
        next.delete("before");
      }
      setSearchParams(next, { preventScrollReset: true });
    },
    [searchParams, setSearchParams],
  );

  return (
    <Page
      title={t("dashboard.title")}
      subtitle={t("dashboard.subtitle")}
      secondaryActions={[{ content: t("nav.settings"), url: "/app/settings" }]}
    >
      <TitleBar title={t("dashboard.title")} />
      <Layout>
        {!data.setup.connected ? (
          <Layout.Section>
            <Banner
              title={t("dashboard.connect.title")}
              tone="warning"
              action={{ content: t("dashboard.connect.action"), url: "/app/onboarding" }}
              secondaryAction={{ content: t("nav.settings"), url: "/app/settings" }}
            >
              <p>{t("dashboard.connect.body")}</p>
            </Banner>
          </Layout.Section>
        ) : null}

        {data.outage ? (
          <Layout.Section>
            <Banner title={t("dashboard.outage.title")} tone="critical">
              <BlockStack gap="100">
                <p>{t("dashboard.outage.body", { since: format.dateTime(data.outage.since) })}</p>
                {data.outage.cause ? (
                  <p>
                    {"params" in data.outage.cause
                      ? t(data.outage.cause.key, data.outage.cause.params)
                      : t(data.outage.cause.key)}
                  </p>
                ) : null}
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}

        {data.empty ? (
          <Layout.Section>
            <Card>
              <EmptyState
                heading={t("dashboard.empty.title")}
                image={REVIEWS_ILLUSTRATION}
                action={
                  data.setup.connected
                    ? { content: t("dashboard.empty.reviewSettings"), url: "/app/settings" }
                    : { content: t("dashboard.empty.connect"), url: "/app/onboarding" }
                }
              >
                <p>{data.setup.connected ? t("dashboard.empty.connected") : t("dashboard.empty.notConnected")}</p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          <>
            <Layout.Section>
              <DashboardOverview figures={data.figures} onPeriod={(period) => update({ period })} />
            </Layout.Section>
            <Layout.Section>
              <Card padding="0">
                <ReviewsTable filters={data.filters} page={data.page} loading={loading} update={update} />
              </Card>
            </Layout.Section>
          </>
        )}
      </Layout>
    </Page>
  );
}
