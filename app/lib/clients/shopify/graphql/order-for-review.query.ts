/**
 * The single Admin read per order: everything the Apruvd mapping and the write-back
 * need (customer, addresses, IP, cart, discounts, payments, fulfillment orders and
 * their holds). Connection sizes are bounded so the requested cost stays low: Shopify
 * admits a query only when its full requested cost is available in the shop's bucket.
 */
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
      totalShippingPriceSet { presentmentMoney { amount currencyCode } }
      customer { id email tags }
      staffMember { email }
      purchasingEntity {
        __typename
        ... on PurchasingCompany { company { id name } }
      }
      paymentTerms { paymentTermsType paymentTermsName }
      billingAddress { ...ReviewAddress }
      shippingAddress { ...ReviewAddress }
      shippingLine { title code source carrierIdentifier }
      discountApplications(first: 10) {
        nodes {
          __typename
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
      lineItems(first: 50) {
        nodes {
          id
          name
          title
          sku
          quantity
          requiresShipping
          isGiftCard
          customAttributes { key value }
          originalUnitPriceSet { presentmentMoney { amount currencyCode } }
          product { id handle onlineStoreUrl tags }
        }
      }
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
