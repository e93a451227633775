import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Box,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineGrid,
  Layout,
  Page,
  PageActions,
  Text,
  TextField,
} from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { ApruvdConnectionCard, CallbackCard } from "../components/ApruvdConnectionCard";
import { ElevationSettingsCard } from "../components/ElevationSettingsCard";
import { showToast } from "../components/app-bridge";
import { useI18n } from "../components/I18n";
import { translateFields } from "../lib/merchant/i18n/message";
import { pageTitle } from "../lib/merchant/i18n/page-title";
import { connectionResultText } from "../lib/merchant/settings/connection-result";
import prisma from "../db.server";
import {
  formFieldsOf,
  isDirty,
  type BooleanField,
  type SettingsErrorTexts,
  type SettingsFormValues,
  type TextField as TextFieldName,
} from "../lib/merchant/settings/settings-form";
import { loadSettingsPage, settingsAction } from "../lib/merchant/settings/settings-page.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadSettingsPage(prisma, session.shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return settingsAction(prisma, session.shop, await request.formData());
};

const SAVE_BAR_ID = "apruvd-settings-save-bar";

export const meta = pageTitle("settings.title");

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const { t } = useI18n();
  const [values, setValues] = useState<SettingsFormValues>(data.values);
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";
  const errors: SettingsErrorTexts = result?.intent === "save" && !result.ok ? translateFields(t, result.errors) : {};
  const dirty = isDirty(values, data.values);

  // After a save the loader returns the stored values: start from them again.
  const savedKey = JSON.stringify(data.values);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setValues(data.values), [savedKey]);
  useEffect(() => {
    if (result?.intent === "save")
      showToast(result.ok ? t("settings.saved") : t("settings.fixToSave"), { isError: !result.ok });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);

  const setText = useCallback(
    (name: TextFieldName) => (value: string) => setValues((v) => ({ ...v, [name]: value })),
    [],
  );
  const setBool = useCallback(
    (name: BooleanField) => (checked: boolean) => setValues((v) => ({ ...v, [name]: checked })),
    [],
  );
  const save = () => submit({ intent: "save", ...formFieldsOf(values) }, { method: "post" });
  const discard = () => setValues(data.values);

  const text = (
    name: TextFieldName,
    label: string,
    helpText?: string,
    extra: Partial<React.ComponentProps<typeof TextField>> = {},
  ) => (
    <TextField
      label={label}
      name={name}
      value={values[name]}
      onChange={setText(name)}
      autoComplete="off"
      helpText={helpText}
      error={errors[name]}
      {...extra}
    />
  );
  const toggle = (name: BooleanField, label: string, helpText?: string, disabled = false) => (
    <Checkbox
      label={label}
      checked={values[name]}
      onChange={setBool(name)}
      helpText={helpText}
      error={errors[name]}
      disabled={disabled}
    />
  );
  const errorCount = Object.keys(errors).length;

  return (
    <Page title={t("settings.title")} backAction={{ content: t("nav.reviewsPage"), url: "/app" }}>
      <TitleBar title={t("settings.title")} />
      <SaveBar id={SAVE_BAR_ID} open={dirty}>
        {/* App Bridge's <ui-save-bar> takes plain buttons with its own `variant` attribute. */}
        {/* eslint-disable-next-line react/no-unknown-property */}
        <button variant="primary" onClick={save} loading={saving ? "" : undefined} disabled={saving}>
          {t("common.save")}
        </button>
        <button onClick={discard} disabled={saving}>
          {t("common.discard")}
        </button>
      </SaveBar>
      <BlockStack gap="500">
        {errorCount > 0 ? (
          <Banner tone="critical" title={t("settings.errorsTitle", { count: errorCount })}>
            {errors.form ? <p>{errors.form}</p> : <p>{t("settings.errorsBody")}</p>}
          </Banner>
        ) : null}
        <Layout>
          <Layout.AnnotatedSection
            id="account"
            title={t("settings.account.title")}
            description={t("settings.account.description")}
          >
            <ApruvdConnectionCard
              connection={data.connection}
              result={connectionResultText(t, result && result.intent !== "save" ? result : null)}
            />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="callbacks"
            title={t("settings.callbacks.title")}
            description={t("settings.callbacks.description")}
          >
            <CallbackCard callback={data.callback} registeredAt={data.connection.callbacksRegisteredAt} />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="automation"
            title={t("settings.automation.title")}
            description={t("settings.automation.description")}
          >
            <Card>
              <BlockStack gap="300">
                {toggle("autoSubmit", t("settings.autoSubmit"), t("settings.autoSubmit.help"))}
                {toggle("holdWhileReviewing", t("settings.holdWhileReviewing"), t("settings.holdWhileReviewing.help"))}
                <Box paddingInlineStart="600">
                  {toggle(
                    "releaseHoldOnApproval",
                    t("settings.releaseHoldOnApproval"),
                    undefined,
                    !values.holdWhileReviewing,
                  )}
                </Box>
                {toggle("riskAssessments", t("settings.riskAssessments"), t("settings.riskAssessments.help"))}
                {toggle("tagOrders", t("settings.tagOrders"))}
                <Box paddingInlineStart="600">
                  <InlineGrid columns={{ xs: 1, md: 4 }} gap="300">
                    {text("tagReviewing", t("settings.tagReviewing"), undefined, { disabled: !values.tagOrders })}
                    {text("tagApproved", t("settings.tagApproved"), undefined, { disabled: !values.tagOrders })}
                    {text("tagDeclined", t("settings.tagDeclined"), undefined, { disabled: !values.tagOrders })}
                    {text("tagNotReviewed", t("settings.tagNotReviewed"), undefined, { disabled: !values.tagOrders })}
                  </InlineGrid>
                </Box>
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="declined"
            title={t("settings.declined.title")}
            description={t("settings.declined.description")}
          >
            <Card>
              <BlockStack gap="300">
                {toggle("cancelDeclined", t("settings.cancelDeclined"), t("settings.cancelDeclined.help"))}
                <Box paddingInlineStart="600">
                  <BlockStack gap="200">
                    {toggle("cancelRestock", t("settings.cancelRestock"), undefined, !values.cancelDeclined)}
                    {toggle("cancelRefund", t("settings.cancelRefund"), undefined, !values.cancelDeclined)}
                    {toggle(
                      "cancelNotifyCustomer",
                      t("settings.cancelNotifyCustomer"),
                      undefined,
                      !values.cancelDeclined,
                    )}
                  </BlockStack>
                </Box>
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="review"
            title={t("settings.review.title")}
            description={t("settings.review.description")}
          >
            <Card>
              <FormLayout>
                <ChoiceList
                  title={t("settings.reviewMode")}
                  choices={[
                    {
                      label: t("settings.reviewMode.reviewAll"),
                      value: "review_all",
                      helpText: t("settings.reviewMode.reviewAll.help"),
                    },
                    {
                      label: t("settings.reviewMode.submitThenElevate"),
                      value: "submit_then_elevate",
                      helpText: t("settings.reviewMode.submitThenElevate.help"),
                    },
                  ]}
                  selected={[values.reviewMode]}
                  onChange={(selected) => setText("reviewMode")(selected[0] ?? "")}
                  error={errors.reviewMode}
                />
                <ChoiceList
                  title={t("settings.orderNumberSource")}
                  choices={[
                    { label: t("settings.orderNumberSource.name"), value: "name" },
                    { label: t("settings.orderNumberSource.id"), value: "id" },
                  ]}
                  selected={[values.orderNumberSource]}
                  onChange={(selected) => setText("orderNumberSource")(selected[0] ?? "")}
                  error={errors.orderNumberSource}
                />
                {text("highRiskProductTag", t("settings.highRiskProductTag"), t("settings.highRiskProductTag.help"))}
                {toggle(
                  "applyCorrectedEmail",
                  t("settings.applyCorrectedEmail"),
                  t("settings.applyCorrectedEmail.help"),
                )}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="elevation"
            title={t("settings.elevation.title")}
            description={t("settings.elevation.description")}
          >
            <ElevationSettingsCard
              values={values}
              errors={errors}
              setText={setText}
              setBool={setBool}
              accountReviewsEveryOrderSince={data.accountReviewsEveryOrderSince}
            />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="exclusions"
            title={t("settings.exclusions.title")}
            description={t("settings.exclusions.description")}
          >
            <Card>
              <FormLayout>
                {text("gateways", t("settings.gateways"), t("settings.gateways.help"))}
                {text("salesChannels", t("settings.salesChannels"), t("settings.salesChannels.help"))}
                <FormLayout.Group condensed>
                  {text("minTotal", t("settings.minTotal"), t("settings.minTotal.help"), { inputMode: "decimal" })}
                  {text("maxTotal", t("settings.maxTotal"), t("settings.maxTotal.help"), { inputMode: "decimal" })}
                </FormLayout.Group>
                {text("customerTags", t("settings.customerTags"), t("settings.customerTags.help"))}
                {text("orderTags", t("settings.orderTags"), t("settings.orderTags.help"))}
                {toggle("excludeB2B", t("settings.excludeB2B"), t("settings.excludeB2B.help"))}
                {toggle("excludeTestOrders", t("settings.excludeTestOrders"))}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
        <PageActions
          primaryAction={{ content: t("common.save"), onAction: save, loading: saving, disabled: !dirty }}
          secondaryActions={[{ content: t("common.discardChanges"), onAction: discard, disabled: !dirty || saving }]}
        />
        <Box paddingBlockEnd="400">
          <Text as="p" tone="subdued" alignment="center">
            {t("settings.appliesToNewOrders")}
          </Text>
        </Box>
      </BlockStack>
    </Page>
  );
}
