/**
 * The shop's time zone and currency, which every date and amount on the merchant's pages
 * is shown in. Shop.ianaTimezone and Shop.currencyCode need no access scope
 * (https://shopify.dev/docs/api/admin-graphql/latest/objects/Shop).
 */
export const SHOP_LOCALE_QUERY = `#graphql
  query ShopLocale {
    shop {
      ianaTimezone
      currencyCode
    }
  }
`;
