import { Banner, BlockStack, Box, Card, Checkbox, ChoiceList, FormLayout, Text, TextField } from "@shopify/polaris";
import type {
  BooleanField,
  SettingsErrorTexts,
  SettingsFormValues,
  TextField as TextFieldName,
} from "../lib/merchant/settings/settings-form";
import { DateTime } from "./DateTime";
import { useI18n } from "./I18n";

interface Props {
  values: SettingsFormValues;
  errors: SettingsErrorTexts;
  setText: (name: TextFieldName) => (value: string) => void;
  setBool: (name: BooleanField) => (checked: boolean) => void;
  /** Apruvd answered Reviewing although the shop chose this mode (ISO time), or null. */
  accountReviewsEveryOrderSince: string | null;
}

/** "Submit every order, elevate the suspicious ones": the elevation rules and what happens to the others. */
export function ElevationSettingsCard({ values, errors, setText, setBool, accountReviewsEveryOrderSince }: Props) {
  const { t } = useI18n();
  const active = values.reviewMode === "submit_then_elevate";
  const rule = (name: BooleanField, label: string, helpText?: string) => (
    <Checkbox
      label={label}
      checked={values[name]}
      onChange={setBool(name)}
      // Help under a disabled control would be unreadable grey text: the card says when the rules apply.
      helpText={active ? helpText : undefined}
      error={errors[name]}
      disabled={!active}
    />
  );
  return (
    <Card>
      <BlockStack gap="400">
        {accountReviewsEveryOrderSince ? (
          <Banner tone="warning" title={t("elevation.accountReviewsAll.title")}>
            <p>
              {t("elevation.accountReviewsAll.since")} <DateTime value={accountReviewsEveryOrderSince} />.{" "}
              {t("elevation.accountReviewsAll.body")}
            </p>
          </Banner>
        ) : null}
        {!active ? (
          <Text as="p" tone="subdued">
            {t("elevation.inactive")}
          </Text>
        ) : null}
        <FormLayout>
          <Text as="h3" variant="headingSm">
            {t("elevation.heading")}
          </Text>
          <TextField
            label={t("elevation.totalOver")}
            name="elevateTotalOver"
            value={values.elevateTotalOver}
            onChange={setText("elevateTotalOver")}
            autoComplete="off"
            inputMode="decimal"
            helpText={active ? t("elevation.totalOver.help") : undefined}
            error={errors.elevateTotalOver}
            disabled={!active}
          />
          {rule("elevateHighRiskProduct", t("elevation.highRiskProduct"), t("elevation.highRiskProduct.help"))}
          {rule("elevateCountriesDiffer", t("elevation.countriesDiffer"))}
          {rule("elevateGiftCard", t("elevation.giftCard"))}
          {rule("elevateExpeditedShipping", t("elevation.expeditedShipping"))}
          <Box paddingInlineStart="600">
            <TextField
              label={t("elevation.expeditedKeywords")}
              name="expeditedKeywords"
              value={values.expeditedKeywords}
              onChange={setText("expeditedKeywords")}
              autoComplete="off"
              helpText={active && values.elevateExpeditedShipping ? t("elevation.expeditedKeywords.help") : undefined}
              error={errors.expeditedKeywords}
              disabled={!active || !values.elevateExpeditedShipping}
            />
          </Box>
          {rule("elevateFirstOrder", t("elevation.firstOrder"), t("elevation.firstOrder.help"))}
          <ChoiceList
            title={t("elevation.notElevated")}
            choices={[
              {
                label: t("elevation.notElevated.keep"),
                value: "keep",
                helpText: active ? t("elevation.notElevated.keep.help") : undefined,
              },
              {
                label: t("elevation.notElevated.release"),
                value: "release",
                helpText: active ? t("elevation.notElevated.release.help") : undefined,
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
