import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Layout, Page } from "@shopify/polaris";

/** A route's error state inside the app frame: what failed, and the way back. */
export function RouteError({
  notFoundTitle = "Not found",
  backUrl = "/app",
  backLabel = "Fraud reviews",
}: {
  notFoundTitle?: string;
  backUrl?: string;
  backLabel?: string;
}) {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Page backAction={{ content: backLabel, url: backUrl }} title={notFound ? notFoundTitle : "Something went wrong"}>
      <Layout>
        <Layout.Section>
          <Banner tone="critical" title={notFound ? notFoundTitle : "This page could not be loaded"}>
            <p>
              {notFound
                ? "It may have been removed, or it belongs to another store."
                : "Reload the page to try again. If it keeps happening, contact support."}
            </p>
          </Banner>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
