import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Layout, Page } from "@shopify/polaris";
import { isMessageKey, type MessageKey } from "../lib/merchant/i18n/translate";
import { useI18n } from "./I18n";

/** A route's error state inside the app frame: what failed, and the way back. */
export function RouteError({
  notFoundTitle = "routeError.notFound",
  backUrl = "/app",
  backLabel = "nav.reviewsPage",
}: {
  /** A message key (or, until every caller passes one, a text shown as it is). */
  notFoundTitle?: MessageKey | string;
  backUrl?: string;
  backLabel?: MessageKey | string;
}) {
  const { t: translate } = useI18n();
  const t = (key: MessageKey | string) => (isMessageKey(key) ? translate(key) : key);
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Page
      backAction={{ content: t(backLabel), url: backUrl }}
      title={notFound ? t(notFoundTitle) : t("routeError.title")}
    >
      <Layout>
        <Layout.Section>
          <Banner tone="critical" title={notFound ? t(notFoundTitle) : t("routeError.loadFailed")}>
            <p>{notFound ? t("routeError.notFound.body") : t("routeError.loadFailed.body")}</p>
          </Banner>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
