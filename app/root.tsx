import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData } from "@remix-run/react";
import { config } from "./lib/platform/config/config.server";
import { languageOf, parseLocaleTag } from "./lib/merchant/i18n/locale";
import { translate } from "./lib/merchant/i18n/translate";

export const APP_BRIDGE_SCRIPT_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

/**
 * The admin user's locale is a parameter of the document request only (Shopify adds
 * `locale` to the URL it loads in the admin: see app/lib/merchant/i18n/locale.ts); later
 * data requests inside the app do not carry it, so this loader runs once per document.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const locale = parseLocaleTag(url.searchParams.get("locale")) ?? "en";
  const embedded = url.pathname === "/app" || url.pathname.startsWith("/app/");
  return { locale, apiKey: embedded ? config().shopify.apiKey : null };
};

export const shouldRevalidate = () => false;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translate(languageOf(data?.locale ?? "en"), "app.name") },
];

export default function App() {
  const { locale, apiKey } = useLoaderData<typeof loader>();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        {/* Built for Shopify: App Bridge's script in <head>, the first script, loaded synchronously
            (https://shopify.dev/docs/api/app-home/v1.0/app-bridge-web-components). */}
        {apiKey ? <meta name="shopify-api-key" content={apiKey} /> : null}
        {apiKey ? <script src={APP_BRIDGE_SCRIPT_URL} /> : null}
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <link rel="stylesheet" href="https://cdn.shopify.com/static/fonts/inter/v4/styles.css" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
