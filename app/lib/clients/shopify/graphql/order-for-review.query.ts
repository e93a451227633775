/**
 * The Admin reads of one order for review: everything the Apruvd mapping and the
 * write-back need (customer, addresses, IP, cart, discounts, payments, fulfillment orders
 * and their holds), read to the end.
 *
 * The first request (OrderForReview) reads an ordinary order whole. Its first pages are
 * kept small because Shopify admits a query only when its whole *requested* cost (which
 * counts `first`, not what comes back) is in the shop's bucket
 * (https://shopify.dev/docs/api/usage/limits#cost-calculation). Only when a connection
 * says `hasNextPage` does review/read-order.server.ts ask for the rest with the page
 * queries below, each sized to stay under the single-query ceiling of 1000 points
 * (https://shopify.dev/docs/api/usage/pagination-graphql: at most 250 per page).
 *
 * `Order.transactions` is a list without cursors (only `first`): its count comes with
 * the first request (`transactionsCount`) and, when more exist than were read, one
 * follow-up asks for that many (up to ORDER_TRANSACTIONS_MAX).
 *
 * Every field is within the app's access scopes (shopify.app.toml): read_orders for the
 * order, its line items, transactions and discounts; the fulfillment-order read scopes for
 * fulfillment orders and holds. `staffMember` is not read: StaffMember requires read_users
 * (https://shopify.dev/docs/api/admin-graphql/latest/objects/StaffMember), which this app
 * does not ask for.
 *
 * The four node selections are repeated in the page queries (a document is validated and
 * typed on its own); review/read-order.server.ts joins the pages, so TypeScript fails if a
 * page query's node stops matching the first request's.
 */

/** First page sizes of OrderForReview: an ordinary order is read in this one request. */
export const FIRST_PAGE = { lineItems: 50, discountApplications: 10, transactions: 25, fulfillmentOrders: 10 } as const;

/**
 * The most transactions one request can read (each costs 4 points: the transaction, its
 * amount bag and money, its payment details). Shopify's `Order.transactions` has no
 * cursor, so an order with more is read up to this bound and the review says so.
 */
export const ORDER_TRANSACTIONS_MAX = 240;

export const ORDER_FOR_REVIEW_QUERY = `#graphql
  query OrderForReview($id: ID!) {
    order(id: $id) {
      id
      legacyResourceId
      name
      createdAt
      cancelledAt
      closed
      test
      email
      phone
      note
      tags
      clientIp
      cartToken
      checkoutToken
      sourceName
      presentmentCurrencyCode
      currencyCode
      requiresShipping
      paymentGatewayNames
      displayFinancialStatus
      customAttributes { key value }
      totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      currentTotalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      totalShippingPriceSet { presentmentMoney { amount currencyCode } }
      customer { id email tags }
      purchasingEntity {
        __typename
        ... on PurchasingCompany { company { id name } }
      }
      paymentTerms { paymentTermsType paymentTermsName }
      billingAddress { ...ReviewAddress }
      shippingAddress { ...ReviewAddress }
      shippingLine {
        title
        code
        source
        carrierIdentifier
        discountAllocations { allocatedAmountSet { presentmentMoney { amount currencyCode } } discountApplication { index } }
      }
      discountApplications(first: 10) {
        pageInfo { hasNextPage endCursor }
        nodes {
          __typename
          index
          allocationMethod
          targetType
          value {
            __typename
            ... on MoneyV2 { amount currencyCode }
            ... on PricingPercentageValue { percentage }
          }
          ... on DiscountCodeApplication { code }
          ... on ManualDiscountApplication { title description }
          ... on AutomaticDiscountApplication { title }
          ... on ScriptDiscountApplication { title }
        }
      }
      totalDiscountsSet { presentmentMoney { amount currencyCode } }
      currentTotalDiscountsSet { presentmentMoney { amount currencyCode } }
      lineItems(first: 50) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          name
          title
          sku
          quantity
          currentQuantity
          requiresShipping
          isGiftCard
          customAttributes { key value }
          originalUnitPriceSet { presentmentMoney { amount currencyCode } }
          discountAllocations { allocatedAmountSet { presentmentMoney { amount currencyCode } } discountApplication { index } }
          product { id handle onlineStoreUrl tags }
        }
      }
      transactionsCount { count precision }
      transactions(first: 25) {
        id
        kind
        status
        gateway
        formattedGateway
        manualPaymentGateway
        test
        processedAt
        errorCode
        amountSet { presentmentMoney { amount currencyCode } }
        receiptJson
        paymentDetails {
          __typename
          ... on CardPaymentDetails {
            bin
            number
            name
            company
            avsResultCode
            cvvResultCode
            paymentMethodName
            wallet
          }
        }
      }
      fulfillmentOrders(first: 10) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          status
          requestStatus
          supportedActions { action }
          fulfillmentHolds { id handle reason heldByRequestingApp }
        }
      }
    }
  }

  fragment ReviewAddress on MailingAddress {
    firstName
    lastName
    company
    address1
    address2
    city
    zip
    province
    provinceCode
    country
    countryCodeV2
    phone
  }
`;

/**
 * The line items after the first page. 100 per page: a line item's selection costs 9 points
 * with its discount allocations (what each discount took from it, for discount_codes[].amount,
 * https://shopify.dev/docs/api/admin-graphql/latest/objects/DiscountAllocation), so a page
 * stays under the 1000-point ceiling.
 */
export const ORDER_LINE_ITEMS_PAGE_QUERY = `#graphql
  query OrderLineItemsPage($id: ID!, $after: String) {
    order(id: $id) {
      id
      lineItems(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          name
          title
          sku
          quantity
          currentQuantity
          requiresShipping
          isGiftCard
          customAttributes { key value }
          originalUnitPriceSet { presentmentMoney { amount currencyCode } }
          discountAllocations { allocatedAmountSet { presentmentMoney { amount currencyCode } } discountApplication { index } }
          product { id handle onlineStoreUrl tags }
        }
      }
    }
  }
`;

/** The discount applications after the first page. */
export const ORDER_DISCOUNT_APPLICATIONS_PAGE_QUERY = `#graphql
  query OrderDiscountApplicationsPage($id: ID!, $after: String) {
    order(id: $id) {
      id
      discountApplications(first: 250, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          __typename
          index
          allocationMethod
          targetType
          value {
            __typename
            ... on MoneyV2 { amount currencyCode }
            ... on PricingPercentageValue { percentage }
          }
          ... on DiscountCodeApplication { code }
          ... on ManualDiscountApplication { title description }
          ... on AutomaticDiscountApplication { title }
          ... on ScriptDiscountApplication { title }
        }
      }
    }
  }
`;

/** The fulfillment orders after the first page (also read alone when new ones appear under review). */
export const ORDER_FULFILLMENT_ORDERS_PAGE_QUERY = `#graphql
  query OrderFulfillmentOrdersPage($id: ID!, $after: String) {
    order(id: $id) {
      id
      fulfillmentOrders(first: 250, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          status
          requestStatus
          supportedActions { action }
          fulfillmentHolds { id handle reason heldByRequestingApp }
        }
      }
    }
  }
`;

/** All the order's transactions (up to ORDER_TRANSACTIONS_MAX), when the first request did not hold them all. */
export const ORDER_TRANSACTIONS_QUERY = `#graphql
  query OrderTransactions($id: ID!, $first: Int!) {
    order(id: $id) {
      id
      transactions(first: $first) {
        id
        kind
        status
        gateway
        formattedGateway
        manualPaymentGateway
        test
        processedAt
        errorCode
        amountSet { presentmentMoney { amount currencyCode } }
        receiptJson
        paymentDetails {
          __typename
          ... on CardPaymentDetails {
            bin
            number
            name
            company
            avsResultCode
            cvvResultCode
            paymentMethodName
            wallet
          }
        }
      }
    }
  }
`;

/** The order a fulfillment order belongs to (fulfillment-order webhooks name only the fulfillment orders). */
export const FULFILLMENT_ORDER_ORDERS_QUERY = `#graphql
  query FulfillmentOrderOrders($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on FulfillmentOrder {
        id
        orderId
      }
    }
  }
`;

/**
 * Fields of OrderForReview the review can do without, as GraphQL error paths: Shopify
 * withholds protected customer data (names, email, phone, addresses, IP) from an app not
 * approved for it with an ACCESS_DENIED error on the field and the rest of the data
 * (https://shopify.dev/docs/apps/launch/protected-customer-data). The mapping leaves
 * such a field out; everything else (ids, totals, line items, payments, fulfillment
 * orders) is required and fails the read.
 */
export const ORDER_FOR_REVIEW_OPTIONAL_FIELDS: readonly string[] = [
  "order.email",
  "order.phone",
  "order.note",
  "order.clientIp",
  "order.customAttributes",
  "order.customer",
  "order.billingAddress",
  "order.shippingAddress",
  "order.shippingLine",
  "order.purchasingEntity",
  "order.paymentTerms",
  "order.transactions.paymentDetails.name",
  "order.transactions.receiptJson",
  "order.lineItems.nodes.product",
  "order.lineItems.nodes.customAttributes",
];
