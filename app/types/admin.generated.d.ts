/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.d.ts';

export type AppInstallationCheckQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type AppInstallationCheckQuery = { shop: Pick<AdminTypes.Shop, 'id'> };

export type CustomerOrderCountQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CustomerOrderCountQuery = { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id' | 'numberOfOrders'>> };

export type OrderFulfillmentOrdersForHoldQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderFulfillmentOrdersForHoldQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'cancelledAt'>
    & { fulfillmentOrders: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>
        & { supportedActions: Array<Pick<AdminTypes.FulfillmentOrderSupportedAction, 'action'>>, fulfillmentHolds: Array<Pick<AdminTypes.FulfillmentHold, 'id' | 'handle' | 'reason' | 'heldByRequestingApp'>> }
      )> } }
  )> };

export type OrderCancellationQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderCancellationQuery = { order?: AdminTypes.Maybe<Pick<AdminTypes.Order, 'id' | 'cancelledAt'>> };

export type OrderForReviewQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderForReviewQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'legacyResourceId' | 'name' | 'createdAt' | 'cancelledAt' | 'closed' | 'test' | 'email' | 'phone' | 'note' | 'tags' | 'clientIp' | 'cartToken' | 'checkoutToken' | 'sourceName' | 'presentmentCurrencyCode' | 'currencyCode' | 'requiresShipping' | 'paymentGatewayNames' | 'displayFinancialStatus'>
    & { customAttributes: Array<Pick<AdminTypes.Attribute, 'key' | 'value'>>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, currentTotalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, totalShippingPriceSet: { presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id' | 'email' | 'tags'>>, purchasingEntity?: AdminTypes.Maybe<{ __typename: 'Customer' } | (
      { __typename: 'PurchasingCompany' }
      & { company: Pick<AdminTypes.Company, 'id' | 'name'> }
    )>, paymentTerms?: AdminTypes.Maybe<Pick<AdminTypes.PaymentTerms, 'paymentTermsType' | 'paymentTermsName'>>, billingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'firstName' | 'lastName' | 'company' | 'address1' | 'address2' | 'city' | 'zip' | 'province' | 'provinceCode' | 'country' | 'countryCodeV2' | 'phone'>>, shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'firstName' | 'lastName' | 'company' | 'address1' | 'address2' | 'city' | 'zip' | 'province' | 'provinceCode' | 'country' | 'countryCodeV2' | 'phone'>>, shippingLine?: AdminTypes.Maybe<(
      Pick<AdminTypes.ShippingLine, 'title' | 'code' | 'source' | 'carrierIdentifier'>
      & { discountAllocations: Array<{ allocatedAmountSet: { presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, discountApplication: Pick<AdminTypes.AutomaticDiscountApplication, 'index'> | Pick<AdminTypes.DiscountCodeApplication, 'index'> | Pick<AdminTypes.ManualDiscountApplication, 'index'> | Pick<AdminTypes.ScriptDiscountApplication, 'index'> }> }
    )>, discountApplications: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        { __typename: 'AutomaticDiscountApplication' }
        & Pick<AdminTypes.AutomaticDiscountApplication, 'title' | 'index' | 'allocationMethod' | 'targetType'>
        & { value: (
          { __typename: 'MoneyV2' }
          & Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>
        ) | (
          { __typename: 'PricingPercentageValue' }
          & Pick<AdminTypes.PricingPercentageValue, 'percentage'>
        ) }
      ) | (
        { __typename: 'DiscountCodeApplication' }
        & Pick<AdminTypes.DiscountCodeApplication, 'code' | 'index' | 'allocationMethod' | 'targetType'>
        & { value: (
          { __typename: 'MoneyV2' }
          & Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>
        ) | (
          { __typename: 'PricingPercentageValue' }
          & Pick<AdminTypes.PricingPercentageValue, 'percentage'>
        ) }
      ) | (
        { __typename: 'ManualDiscountApplication' }
        & Pick<AdminTypes.ManualDiscountApplication, 'title' | 'description' | 'index' | 'allocationMethod' | 'targetType'>
        & { value: (
          { __typename: 'MoneyV2' }
          & Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>
        ) | (
          { __typename: 'PricingPercentageValue' }
          & Pick<AdminTypes.PricingPercentageValue, 'percentage'>
        ) }
      ) | (
        { __typename: 'ScriptDiscountApplication' }
        & Pick<AdminTypes.ScriptDiscountApplication, 'title' | 'index' | 'allocationMethod' | 'targetType'>
        & { value: (
          { __typename: 'MoneyV2' }
          & Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>
        ) | (
          { __typename: 'PricingPercentageValue' }
          & Pick<AdminTypes.PricingPercentageValue, 'percentage'>
        ) }
      )> }, totalDiscountsSet?: AdminTypes.Maybe<{ presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }>, currentTotalDiscountsSet: { presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'name' | 'title' | 'sku' | 'quantity' | 'currentQuantity' | 'requiresShipping' | 'isGiftCard'>
        & { customAttributes: Array<Pick<AdminTypes.Attribute, 'key' | 'value'>>, originalUnitPriceSet: { presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, discountAllocations: Array<{ allocatedAmountSet: { presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, discountApplication: Pick<AdminTypes.AutomaticDiscountApplication, 'index'> | Pick<AdminTypes.DiscountCodeApplication, 'index'> | Pick<AdminTypes.ManualDiscountApplication, 'index'> | Pick<AdminTypes.ScriptDiscountApplication, 'index'> }>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id' | 'handle' | 'onlineStoreUrl' | 'tags'>> }
      )> }, transactionsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count' | 'precision'>>, transactions: Array<(
      Pick<AdminTypes.OrderTransaction, 'id' | 'kind' | 'status' | 'gateway' | 'formattedGateway' | 'manualPaymentGateway' | 'test' | 'processedAt' | 'errorCode' | 'receiptJson'>
      & { amountSet: { presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, paymentDetails?: AdminTypes.Maybe<(
        { __typename: 'CardPaymentDetails' }
        & Pick<AdminTypes.CardPaymentDetails, 'bin' | 'number' | 'name' | 'company' | 'avsResultCode' | 'cvvResultCode' | 'paymentMethodName' | 'wallet'>
      ) | { __typename: 'LocalPaymentMethodsPaymentDetails' | 'PaypalWalletPaymentDetails' | 'ShopPayInstallmentsPaymentDetails' }> }
    )>, fulfillmentOrders: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>
        & { supportedActions: Array<Pick<AdminTypes.FulfillmentOrderSupportedAction, 'action'>>, fulfillmentHolds: Array<Pick<AdminTypes.FulfillmentHold, 'id' | 'handle' | 'reason' | 'heldByRequestingApp'>> }
      )> } }
  )> };

export type ReviewAddressFragment = Pick<AdminTypes.MailingAddress, 'firstName' | 'lastName' | 'company' | 'address1' | 'address2' | 'city' | 'zip' | 'province' | 'provinceCode' | 'country' | 'countryCodeV2' | 'phone'>;

export type OrderLineItemsPageQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type OrderLineItemsPageQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id'>
    & { lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'name' | 'title' | 'sku' | 'quantity' | 'currentQuantity' | 'requiresShipping' | 'isGiftCard'>
        & { customAttributes: Array<Pick<AdminTypes.Attribute, 'key' | 'value'>>, originalUnitPriceSet: { presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, discountAllocations: Array<{ allocatedAmountSet: { presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, discountApplication: Pick<AdminTypes.AutomaticDiscountApplication, 'index'> | Pick<AdminTypes.DiscountCodeApplication, 'index'> | Pick<AdminTypes.ManualDiscountApplication, 'index'> | Pick<AdminTypes.ScriptDiscountApplication, 'index'> }>, product?: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id' | 'handle' | 'onlineStoreUrl' | 'tags'>> }
      )> } }
  )> };

export type OrderDiscountApplicationsPageQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type OrderDiscountApplicationsPageQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id'>
    & { discountApplications: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        { __typename: 'AutomaticDiscountApplication' }
        & Pick<AdminTypes.AutomaticDiscountApplication, 'title' | 'index' | 'allocationMethod' | 'targetType'>
        & { value: (
          { __typename: 'MoneyV2' }
          & Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>
        ) | (
          { __typename: 'PricingPercentageValue' }
          & Pick<AdminTypes.PricingPercentageValue, 'percentage'>
        ) }
      ) | (
        { __typename: 'DiscountCodeApplication' }
        & Pick<AdminTypes.DiscountCodeApplication, 'code' | 'index' | 'allocationMethod' | 'targetType'>
        & { value: (
          { __typename: 'MoneyV2' }
          & Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>
        ) | (
          { __typename: 'PricingPercentageValue' }
          & Pick<AdminTypes.PricingPercentageValue, 'percentage'>
        ) }
      ) | (
        { __typename: 'ManualDiscountApplication' }
        & Pick<AdminTypes.ManualDiscountApplication, 'title' | 'description' | 'index' | 'allocationMethod' | 'targetType'>
        & { value: (
          { __typename: 'MoneyV2' }
          & Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>
        ) | (
          { __typename: 'PricingPercentageValue' }
          & Pick<AdminTypes.PricingPercentageValue, 'percentage'>
        ) }
      ) | (
        { __typename: 'ScriptDiscountApplication' }
        & Pick<AdminTypes.ScriptDiscountApplication, 'title' | 'index' | 'allocationMethod' | 'targetType'>
        & { value: (
          { __typename: 'MoneyV2' }
          & Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>
        ) | (
          { __typename: 'PricingPercentageValue' }
          & Pick<AdminTypes.PricingPercentageValue, 'percentage'>
        ) }
      )> } }
  )> };

export type OrderFulfillmentOrdersPageQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type OrderFulfillmentOrdersPageQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id'>
    & { fulfillmentOrders: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
        Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>
        & { supportedActions: Array<Pick<AdminTypes.FulfillmentOrderSupportedAction, 'action'>>, fulfillmentHolds: Array<Pick<AdminTypes.FulfillmentHold, 'id' | 'handle' | 'reason' | 'heldByRequestingApp'>> }
      )> } }
  )> };

export type OrderTransactionsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  first: AdminTypes.Scalars['Int']['input'];
}>;


export type OrderTransactionsQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id'>
    & { transactions: Array<(
      Pick<AdminTypes.OrderTransaction, 'id' | 'kind' | 'status' | 'gateway' | 'formattedGateway' | 'manualPaymentGateway' | 'test' | 'processedAt' | 'errorCode' | 'receiptJson'>
      & { amountSet: { presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, paymentDetails?: AdminTypes.Maybe<(
        { __typename: 'CardPaymentDetails' }
        & Pick<AdminTypes.CardPaymentDetails, 'bin' | 'number' | 'name' | 'company' | 'avsResultCode' | 'cvvResultCode' | 'paymentMethodName' | 'wallet'>
      ) | { __typename: 'LocalPaymentMethodsPaymentDetails' | 'PaypalWalletPaymentDetails' | 'ShopPayInstallmentsPaymentDetails' }> }
    )> }
  )> };

export type FulfillmentOrderOrdersQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type FulfillmentOrderOrdersQuery = { nodes: Array<AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'orderId'>>> };

export type RecentOrdersQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type RecentOrdersQuery = { orders: { nodes: Array<Pick<AdminTypes.Order, 'id' | 'createdAt' | 'cancelledAt'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type ShopLocaleQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopLocaleQuery = { shop: Pick<AdminTypes.Shop, 'ianaTimezone' | 'currencyCode'> };

export type FulfillmentOrdersHoldMutationVariables = AdminTypes.Exact<{
  hold: AdminTypes.FulfillmentOrderHoldInput;
  id0: AdminTypes.Scalars['ID']['input'];
  id1: AdminTypes.Scalars['ID']['input'];
  id2: AdminTypes.Scalars['ID']['input'];
  id3: AdminTypes.Scalars['ID']['input'];
  id4: AdminTypes.Scalars['ID']['input'];
  with1: AdminTypes.Scalars['Boolean']['input'];
  with2: AdminTypes.Scalars['Boolean']['input'];
  with3: AdminTypes.Scalars['Boolean']['input'];
  with4: AdminTypes.Scalars['Boolean']['input'];
}>;


export type FulfillmentOrdersHoldMutation = { hold0?: AdminTypes.Maybe<{ fulfillmentHold?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentHold, 'id' | 'handle'>>, fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderHoldUserError, 'field' | 'message' | 'code'>> }>, hold1?: AdminTypes.Maybe<{ fulfillmentHold?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentHold, 'id' | 'handle'>>, fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderHoldUserError, 'field' | 'message' | 'code'>> }>, hold2?: AdminTypes.Maybe<{ fulfillmentHold?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentHold, 'id' | 'handle'>>, fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderHoldUserError, 'field' | 'message' | 'code'>> }>, hold3?: AdminTypes.Maybe<{ fulfillmentHold?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentHold, 'id' | 'handle'>>, fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderHoldUserError, 'field' | 'message' | 'code'>> }>, hold4?: AdminTypes.Maybe<{ fulfillmentHold?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentHold, 'id' | 'handle'>>, fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderHoldUserError, 'field' | 'message' | 'code'>> }> };

export type HoldResultFragment = { fulfillmentHold?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentHold, 'id' | 'handle'>>, fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderHoldUserError, 'field' | 'message' | 'code'>> };

export type FulfillmentOrdersReleaseHoldMutationVariables = AdminTypes.Exact<{
  id0: AdminTypes.Scalars['ID']['input'];
  id1: AdminTypes.Scalars['ID']['input'];
  id2: AdminTypes.Scalars['ID']['input'];
  id3: AdminTypes.Scalars['ID']['input'];
  id4: AdminTypes.Scalars['ID']['input'];
  holds0?: AdminTypes.InputMaybe<Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input']>;
  holds1?: AdminTypes.InputMaybe<Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input']>;
  holds2?: AdminTypes.InputMaybe<Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input']>;
  holds3?: AdminTypes.InputMaybe<Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input']>;
  holds4?: AdminTypes.InputMaybe<Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input']>;
  with1: AdminTypes.Scalars['Boolean']['input'];
  with2: AdminTypes.Scalars['Boolean']['input'];
  with3: AdminTypes.Scalars['Boolean']['input'];
  with4: AdminTypes.Scalars['Boolean']['input'];
}>;


export type FulfillmentOrdersReleaseHoldMutation = { release0?: AdminTypes.Maybe<{ fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderReleaseHoldUserError, 'field' | 'message' | 'code'>> }>, release1?: AdminTypes.Maybe<{ fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderReleaseHoldUserError, 'field' | 'message' | 'code'>> }>, release2?: AdminTypes.Maybe<{ fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderReleaseHoldUserError, 'field' | 'message' | 'code'>> }>, release3?: AdminTypes.Maybe<{ fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderReleaseHoldUserError, 'field' | 'message' | 'code'>> }>, release4?: AdminTypes.Maybe<{ fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderReleaseHoldUserError, 'field' | 'message' | 'code'>> }> };

export type ReleaseResultFragment = { fulfillmentOrder?: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderReleaseHoldUserError, 'field' | 'message' | 'code'>> };

export type OrderReviewStateMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  addTags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
  removeTags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
  risk: AdminTypes.OrderRiskAssessmentCreateInput;
  withAdd: AdminTypes.Scalars['Boolean']['input'];
  withRemove: AdminTypes.Scalars['Boolean']['input'];
  withRisk: AdminTypes.Scalars['Boolean']['input'];
  order: AdminTypes.OrderInput;
  withOrderUpdate: AdminTypes.Scalars['Boolean']['input'];
  flowHandle?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  flowPayload?: AdminTypes.InputMaybe<AdminTypes.Scalars['JSON']['input']>;
  withFlow: AdminTypes.Scalars['Boolean']['input'];
}>;


export type OrderReviewStateMutation = { tagsRemove?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }>, tagsAdd?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }>, orderRiskAssessmentCreate?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.OrderRiskAssessmentCreateUserError, 'field' | 'message' | 'code'>> }>, orderUpdate?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }>, flowTriggerReceive?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type OrderNoteQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderNoteQuery = { order?: AdminTypes.Maybe<Pick<AdminTypes.Order, 'id' | 'note'>> };

export type OrderCancelMutationVariables = AdminTypes.Exact<{
  orderId: AdminTypes.Scalars['ID']['input'];
  restock: AdminTypes.Scalars['Boolean']['input'];
  notifyCustomer: AdminTypes.Scalars['Boolean']['input'];
  refundMethod?: AdminTypes.InputMaybe<AdminTypes.OrderCancelRefundMethodInput>;
  staffNote?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type OrderCancelMutation = { orderCancel?: AdminTypes.Maybe<{ job?: AdminTypes.Maybe<Pick<AdminTypes.Job, 'id'>>, orderCancelUserErrors: Array<Pick<AdminTypes.OrderCancelUserError, 'field' | 'message' | 'code'>> }> };

interface GeneratedQueryTypes {
  "#graphql\n  query AppInstallationCheck {\n    shop {\n      id\n    }\n  }\n": {return: AppInstallationCheckQuery, variables: AppInstallationCheckQueryVariables},
  "#graphql\n  query CustomerOrderCount($id: ID!) {\n    customer(id: $id) {\n      id\n      numberOfOrders\n    }\n  }\n": {return: CustomerOrderCountQuery, variables: CustomerOrderCountQueryVariables},
  "#graphql\n  query OrderFulfillmentOrdersForHold($id: ID!) {\n    order(id: $id) {\n      id\n      cancelledAt\n      fulfillmentOrders(first: 10) {\n        pageInfo { hasNextPage endCursor }\n        nodes {\n          id\n          status\n          requestStatus\n          supportedActions { action }\n          fulfillmentHolds { id handle reason heldByRequestingApp }\n        }\n      }\n    }\n  }\n": {return: OrderFulfillmentOrdersForHoldQuery, variables: OrderFulfillmentOrdersForHoldQueryVariables},
  "#graphql\n  query OrderCancellation($id: ID!) {\n    order(id: $id) {\n      id\n      cancelledAt\n    }\n  }\n": {return: OrderCancellationQuery, variables: OrderCancellationQueryVariables},
  "#graphql\n  query OrderForReview($id: ID!) {\n    order(id: $id) {\n      id\n      legacyResourceId\n      name\n      createdAt\n      cancelledAt\n      closed\n      test\n      email\n      phone\n      note\n      tags\n      clientIp\n      cartToken\n      checkoutToken\n      sourceName\n      presentmentCurrencyCode\n      currencyCode\n      requiresShipping\n      paymentGatewayNames\n      displayFinancialStatus\n      customAttributes { key value }\n      totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }\n      currentTotalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }\n      totalShippingPriceSet { presentmentMoney { amount currencyCode } }\n      customer { id email tags }\n      purchasingEntity {\n        __typename\n        ... on PurchasingCompany { company { id name } }\n      }\n      paymentTerms { paymentTermsType paymentTermsName }\n      billingAddress { ...ReviewAddress }\n      shippingAddress { ...ReviewAddress }\n      shippingLine {\n        title\n        code\n        source\n        carrierIdentifier\n        discountAllocations { allocatedAmountSet { presentmentMoney { amount currencyCode } } discountApplication { index } }\n      }\n      discountApplications(first: 10) {\n        pageInfo { hasNextPage endCursor }\n        nodes {\n          __typename\n          index\n          allocationMethod\n          targetType\n          value {\n            __typename\n            ... on MoneyV2 { amount currencyCode }\n            ... on PricingPercentageValue { percentage }\n          }\n          ... on DiscountCodeApplication { code }\n          ... on ManualDiscountApplication { title description }\n          ... on AutomaticDiscountApplication { title }\n          ... on ScriptDiscountApplication { title }\n        }\n      }\n      totalDiscountsSet { presentmentMoney { amount currencyCode } }\n      currentTotalDiscountsSet { presentmentMoney { amount currencyCode } }\n      lineItems(first: 50) {\n        pageInfo { hasNextPage endCursor }\n        nodes {\n          id\n          name\n          title\n          sku\n          quantity\n          currentQuantity\n          requiresShipping\n          isGiftCard\n          customAttributes { key value }\n          originalUnitPriceSet { presentmentMoney { amount currencyCode } }\n          discountAllocations { allocatedAmountSet { presentmentMoney { amount currencyCode } } discountApplication { index } }\n          product { id handle onlineStoreUrl tags }\n        }\n      }\n      transactionsCount { count precision }\n      transactions(first: 25) {\n        id\n        kind\n        status\n        gateway\n        formattedGateway\n        manualPaymentGateway\n        test\n        processedAt\n        errorCode\n        amountSet { presentmentMoney { amount currencyCode } }\n        receiptJson\n        paymentDetails {\n          __typename\n          ... on CardPaymentDetails {\n            bin\n            number\n            name\n            company\n            avsResultCode\n            cvvResultCode\n            paymentMethodName\n            wallet\n          }\n        }\n      }\n      fulfillmentOrders(first: 10) {\n        pageInfo { hasNextPage endCursor }\n        nodes {\n          id\n          status\n          requestStatus\n          supportedActions { action }\n          fulfillmentHolds { id handle reason heldByRequestingApp }\n        }\n      }\n    }\n  }\n\n  fragment ReviewAddress on MailingAddress {\n    firstName\n    lastName\n    company\n    address1\n    address2\n    city\n    zip\n    province\n    provinceCode\n    country\n    countryCodeV2\n    phone\n  }\n": {return: OrderForReviewQuery, variables: OrderForReviewQueryVariables},
  "#graphql\n  query OrderLineItemsPage($id: ID!, $after: String) {\n    order(id: $id) {\n      id\n      lineItems(first: 100, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        nodes {\n          id\n          name\n          title\n          sku\n          quantity\n          currentQuantity\n          requiresShipping\n          isGiftCard\n          customAttributes { key value }\n          originalUnitPriceSet { presentmentMoney { amount currencyCode } }\n          discountAllocations { allocatedAmountSet { presentmentMoney { amount currencyCode } } discountApplication { index } }\n          product { id handle onlineStoreUrl tags }\n        }\n      }\n    }\n  }\n": {return: OrderLineItemsPageQuery, variables: OrderLineItemsPageQueryVariables},
  "#graphql\n  query OrderDiscountApplicationsPage($id: ID!, $after: String) {\n    order(id: $id) {\n      id\n      discountApplications(first: 250, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        nodes {\n          __typename\n          index\n          allocationMethod\n          targetType\n          value {\n            __typename\n            ... on MoneyV2 { amount currencyCode }\n            ... on PricingPercentageValue { percentage }\n          }\n          ... on DiscountCodeApplication { code }\n          ... on ManualDiscountApplication { title description }\n          ... on AutomaticDiscountApplication { title }\n          ... on ScriptDiscountApplication { title }\n        }\n      }\n    }\n  }\n": {return: OrderDiscountApplicationsPageQuery, variables: OrderDiscountApplicationsPageQueryVariables},
  "#graphql\n  query OrderFulfillmentOrdersPage($id: ID!, $after: String) {\n    order(id: $id) {\n      id\n      fulfillmentOrders(first: 250, after: $after) {\n        pageInfo { hasNextPage endCursor }\n        nodes {\n          id\n          status\n          requestStatus\n          supportedActions { action }\n          fulfillmentHolds { id handle reason heldByRequestingApp }\n        }\n      }\n    }\n  }\n": {return: OrderFulfillmentOrdersPageQuery, variables: OrderFulfillmentOrdersPageQueryVariables},
  "#graphql\n  query OrderTransactions($id: ID!, $first: Int!) {\n    order(id: $id) {\n      id\n      transactions(first: $first) {\n        id\n        kind\n        status\n        gateway\n        formattedGateway\n        manualPaymentGateway\n        test\n        processedAt\n        errorCode\n        amountSet { presentmentMoney { amount currencyCode } }\n        receiptJson\n        paymentDetails {\n          __typename\n          ... on CardPaymentDetails {\n            bin\n            number\n            name\n            company\n            avsResultCode\n            cvvResultCode\n            paymentMethodName\n            wallet\n          }\n        }\n      }\n    }\n  }\n": {return: OrderTransactionsQuery, variables: OrderTransactionsQueryVariables},
  "#graphql\n  query FulfillmentOrderOrders($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on FulfillmentOrder {\n        id\n        orderId\n      }\n    }\n  }\n": {return: FulfillmentOrderOrdersQuery, variables: FulfillmentOrderOrdersQueryVariables},
  "#graphql\n  query RecentOrders($query: String!, $after: String) {\n    orders(first: 250, after: $after, query: $query, sortKey: CREATED_AT) {\n      nodes {\n        id\n        createdAt\n        cancelledAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: RecentOrdersQuery, variables: RecentOrdersQueryVariables},
  "#graphql\n  query ShopLocale {\n    shop {\n      ianaTimezone\n      currencyCode\n    }\n  }\n": {return: ShopLocaleQuery, variables: ShopLocaleQueryVariables},
  "#graphql\n  query OrderNote($id: ID!) {\n    order(id: $id) {\n      id\n      note\n    }\n  }\n": {return: OrderNoteQuery, variables: OrderNoteQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation FulfillmentOrdersHold($hold: FulfillmentOrderHoldInput!, $id0: ID!, $id1: ID!, $id2: ID!, $id3: ID!, $id4: ID!, $with1: Boolean!, $with2: Boolean!, $with3: Boolean!, $with4: Boolean!) {\n    hold0: fulfillmentOrderHold(id: $id0, fulfillmentHold: $hold) { ...HoldResult }\n    hold1: fulfillmentOrderHold(id: $id1, fulfillmentHold: $hold) @include(if: $with1) { ...HoldResult }\n    hold2: fulfillmentOrderHold(id: $id2, fulfillmentHold: $hold) @include(if: $with2) { ...HoldResult }\n    hold3: fulfillmentOrderHold(id: $id3, fulfillmentHold: $hold) @include(if: $with3) { ...HoldResult }\n    hold4: fulfillmentOrderHold(id: $id4, fulfillmentHold: $hold) @include(if: $with4) { ...HoldResult }\n  }\n\n  fragment HoldResult on FulfillmentOrderHoldPayload {\n    fulfillmentHold { id handle }\n    fulfillmentOrder { id status }\n    userErrors { field message code }\n  }\n": {return: FulfillmentOrdersHoldMutation, variables: FulfillmentOrdersHoldMutationVariables},
  "#graphql\n  mutation FulfillmentOrdersReleaseHold($id0: ID!, $id1: ID!, $id2: ID!, $id3: ID!, $id4: ID!, $holds0: [ID!], $holds1: [ID!], $holds2: [ID!], $holds3: [ID!], $holds4: [ID!], $with1: Boolean!, $with2: Boolean!, $with3: Boolean!, $with4: Boolean!) {\n    release0: fulfillmentOrderReleaseHold(id: $id0, holdIds: $holds0) { ...ReleaseResult }\n    release1: fulfillmentOrderReleaseHold(id: $id1, holdIds: $holds1) @include(if: $with1) { ...ReleaseResult }\n    release2: fulfillmentOrderReleaseHold(id: $id2, holdIds: $holds2) @include(if: $with2) { ...ReleaseResult }\n    release3: fulfillmentOrderReleaseHold(id: $id3, holdIds: $holds3) @include(if: $with3) { ...ReleaseResult }\n    release4: fulfillmentOrderReleaseHold(id: $id4, holdIds: $holds4) @include(if: $with4) { ...ReleaseResult }\n  }\n\n  fragment ReleaseResult on FulfillmentOrderReleaseHoldPayload {\n    fulfillmentOrder { id status }\n    userErrors { field message code }\n  }\n": {return: FulfillmentOrdersReleaseHoldMutation, variables: FulfillmentOrdersReleaseHoldMutationVariables},
  "#graphql\n  mutation OrderReviewState(\n    $id: ID!\n    $addTags: [String!]!\n    $removeTags: [String!]!\n    $risk: OrderRiskAssessmentCreateInput!\n    $withAdd: Boolean!\n    $withRemove: Boolean!\n    $withRisk: Boolean!\n    $order: OrderInput!\n    $withOrderUpdate: Boolean!\n    $flowHandle: String\n    $flowPayload: JSON\n    $withFlow: Boolean!\n  ) {\n    tagsRemove(id: $id, tags: $removeTags) @include(if: $withRemove) {\n      userErrors { field message }\n    }\n    tagsAdd(id: $id, tags: $addTags) @include(if: $withAdd) {\n      userErrors { field message }\n    }\n    orderRiskAssessmentCreate(orderRiskAssessmentInput: $risk) @include(if: $withRisk) {\n      userErrors { field message code }\n    }\n    orderUpdate(input: $order) @include(if: $withOrderUpdate) {\n      userErrors { field message }\n    }\n    flowTriggerReceive(handle: $flowHandle, payload: $flowPayload) @include(if: $withFlow) {\n      userErrors { field message }\n    }\n  }\n": {return: OrderReviewStateMutation, variables: OrderReviewStateMutationVariables},
  "#graphql\n  mutation OrderCancel(\n    $orderId: ID!\n    $restock: Boolean!\n    $notifyCustomer: Boolean!\n    $refundMethod: OrderCancelRefundMethodInput\n    $staffNote: String\n  ) {\n    orderCancel(\n      orderId: $orderId\n      reason: FRAUD\n      restock: $restock\n      notifyCustomer: $notifyCustomer\n      refundMethod: $refundMethod\n      staffNote: $staffNote\n    ) {\n      job { id }\n      orderCancelUserErrors { field message code }\n    }\n  }\n": {return: OrderCancelMutation, variables: OrderCancelMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
