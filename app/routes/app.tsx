import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Link,
  Outlet,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import {
  Banner,
  Box,
  Layout,
  Card,
  SkeletonBodyText,
  SkeletonDisplayText,
  SkeletonPage,
  BlockStack,
} from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisEnglish from "@shopify/polaris/locales/en.json";
import polarisFrench from "@shopify/polaris/locales/fr.json";
import { useMemo } from "react";
import { authenticate } from "../shopify.server";
import { config } from "../lib/platform/config/config.server";
import { adminGraphqlFrom } from "../lib/clients/shopify/admin-graphql";
import { merchantLocale, type Language } from "../lib/merchant/i18n/locale";
import { shopLocale } from "../lib/merchant/i18n/shop-locale.server";
import { I18nProvider, useI18n } from "../components/I18n";
import type { loader as rootLoader } from "../root";
import prisma from "../db.server";
import {
  type SubmissionsPaused,
  loadSubmissionsPaused,
} from "../lib/merchant/dashboard/submissions-paused-banner.server";

// Polaris's own strings (pagination, filters, loading labels…) in the merchant's language.
const POLARIS_TRANSLATIONS: Record<Language, typeof polarisEnglish> = { en: polarisEnglish, fr: polarisFrench };

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // The shop's time zone and currency: every date and amount is written in them, on the server and in the browser alike.
  const shop = await shopLocale(adminGraphqlFrom(admin), session.shop);
  // While Apruvd refuses the shop's keys, every page says so (and that held orders will not ship).
  const paused = await loadSubmissionsPaused(prisma, session.shop);
  return { apiKey: config().shopify.apiKey, shopLocale: shop, paused };
};

/** Shown while moving to another page of the app (the next page's data is loading). */
function PageSkeleton() {
  return (
    <SkeletonPage primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={6} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

export default function App() {
  const { apiKey, shopLocale: shop, paused } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const locale = useMemo(
    () => merchantLocale({ locale: root?.locale, timeZone: shop.timeZone, currency: shop.currency }),
    [root?.locale, shop.timeZone, shop.currency],
  );
  return (
    // App Bridge's script is in root.tsx's <head> (Built for Shopify), not added again here.
    <AppProvider isEmbeddedApp={false} apiKey={apiKey} i18n={POLARIS_TRANSLATIONS[locale.language]}>
      <I18nProvider value={locale}>
        <AppFrame paused={paused} />
      </I18nProvider>
    </AppProvider>
  );
}

/** On every page while Apruvd refuses the shop's keys: orders are held, submissions paused, and where to fix it. */
function SubmissionsPausedBanner({ held, apruvdMessage }: SubmissionsPaused) {
  const { t, format } = useI18n();
  return (
    <Box paddingBlockStart="400" paddingInline="400">
      <Banner tone="critical" title={t("paused.title")} action={{ content: t("paused.action"), url: "/app/settings" }}>
        <p>
          {t("paused.body", { count: held }).replace(String(held), format.number(held))}
          {apruvdMessage ? ` ${t("paused.apruvdSays", { message: apruvdMessage })}` : ""}
        </p>
      </Banner>
    </Box>
  );
}

function AppFrame({ paused }: { paused: SubmissionsPaused | null }) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const location = useLocation();
  const changingPage = navigation.state === "loading" && navigation.location.pathname !== location.pathname;
  return (
    <>
      <NavMenu>
        <Link to="/app" rel="home">
          {t("nav.reviews")}
        </Link>
        <Link to="/app/chargebacks">{t("nav.chargebacks")}</Link>
        <Link to="/app/data-requests">{t("nav.dataRequests")}</Link>
        <Link to="/app/settings">{t("nav.settings")}</Link>
      </NavMenu>
      <main id="app-main">
        {paused ? <SubmissionsPausedBanner {...paused} /> : null}
        {changingPage ? <PageSkeleton /> : <Outlet />}
      </main>
    </>
  );
}

// Shopify needs Remix to catch some thrown responses so that their headers reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
