/**
 * The cheapest call that needs a working access token: after an uninstall Shopify has
 * revoked the shop's token and answers 401, which is how an app/uninstalled webhook is
 * confirmed before the shop's work stops.
 */
export const APP_INSTALLATION_QUERY = `#graphql
  query AppInstallationCheck {
    shop {
      id
    }
  }
`;
