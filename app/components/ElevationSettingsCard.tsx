import { Banner, BlockStack, Box, Card, Checkbox, ChoiceList, FormLayout, Text, TextField } from "@shopify/polaris";
import type {
  BooleanField,
  SettingsErrors,
  SettingsFormValues,
  TextField as TextFieldName,
} from "../lib/merchant/settings/settings-form";

interface Props {
  values: SettingsFormValues;
  errors: SettingsErrors;
  setText: (name: TextFieldName) => (value: string) => void;
  setBool: (name: BooleanField) => (checked: boolean) => void;
  /** Apruvd answered Reviewing although the shop chose this mode (ISO time), or null. */
  accountReviewsEveryOrderSince: string | null;
}

/** "Submit every order, elevate the suspicious ones": the elevation rules and what happens to the others. */
export function ElevationSettingsCard({ values, errors, setText, setBool, accountReviewsEveryOrderSince }: Props) {
  const active = values.reviewMode === "submit_then_elevate";
  const rule = (name: BooleanField, label: string, helpText?: string) => (
    <Checkbox
      label={label}
      checked={values[name]}
      onChange={setBool(name)}
      helpText={helpText}
      error={errors[name]}
      disabled={!active}
    />
  );
  return (
    <Card>
      <BlockStack gap="400">
        {accountReviewsEveryOrderSince ? (
          <Banner tone="warning" title="Your Apruvd account reviews every order">
            <p>
              Apruvd answered “Reviewing” to orders sent since{" "}
              {new Date(accountReviewsEveryOrderSince).toLocaleString()}: the review mode is set on your Apruvd account,
              not here. Until Apruvd switches your account to “Submitted” by default, every order is reviewed and these
              rules are not used. Contact Apruvd to change it.
            </p>
          </Banner>
        ) : null}
        {!active ? (
          <Text as="p" tone="subdued">
            Used when the review mode is “Submit every order, elevate the suspicious ones”.
          </Text>
        ) : null}
        <FormLayout>
          <Text as="h3" variant="headingSm">
            Elevate an order for review when
          </Text>
          <TextField
            label="Its total is over"
            name="elevateTotalOver"
            value={values.elevateTotalOver}
            onChange={setText("elevateTotalOver")}
            autoComplete="off"
            inputMode="decimal"
            helpText="In your store's currency. Leave empty for no limit."
            error={errors.elevateTotalOver}
            disabled={!active}
          />
          {rule(
            "elevateHighRiskProduct",
            "The cart has a high-risk product",
            "Products with the high-risk product tag.",
          )}
          {rule("elevateCountriesDiffer", "The billing and shipping countries differ")}
          {rule("elevateGiftCard", "It buys a gift card")}
          {rule("elevateExpeditedShipping", "The shipping method is expedited")}
          <Box paddingInlineStart="600">
            <TextField
              label="Words that name an expedited shipping method"
              name="expeditedKeywords"
              value={values.expeditedKeywords}
              onChange={setText("expeditedKeywords")}
              autoComplete="off"
              helpText="Matched in the shipping method's name or code, separated by commas."
              error={errors.expeditedKeywords}
              disabled={!active || !values.elevateExpeditedShipping}
            />
          </Box>
          {rule(
            "elevateFirstOrder",
            "It is the customer's first order",
            "Guest checkouts have no order history and do not match.",
          )}
          <ChoiceList
            title="Orders that are not elevated"
            choices={[
              {
                label: "Keep them on hold",
                value: "keep",
                helpText: "Nothing ships until you elevate the order or release the hold in Shopify.",
              },
              {
                label: "Release the hold",
                value: "release",
                helpText: "They ship without Apruvd's review or guarantee.",
              },
            ]}
            selected={[values.submittedOrders]}
            onChange={(selected) => setText("submittedOrders")(selected[0] ?? "")}
            error={errors.submittedOrders}
            disabled={!active}
          />
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
