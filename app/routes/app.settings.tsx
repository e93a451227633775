import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
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
import prisma from "../db.server";
import {
  formFieldsOf,
  isDirty,
  type BooleanField,
  type SettingsErrors,
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

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [values, setValues] = useState<SettingsFormValues>(data.values);
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";
  const errors: SettingsErrors = result?.intent === "save" && !result.ok ? result.errors : {};
  const dirty = isDirty(values, data.values);

  // After a save the loader returns the stored values: start from them again.
  const savedKey = JSON.stringify(data.values);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setValues(data.values), [savedKey]);
  useEffect(() => {
    if (result?.intent === "save")
      showToast(result.ok ? result.message : "Fix the errors to save", { isError: !result.ok });
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
    <Page title="Settings" backAction={{ content: "Fraud reviews", url: "/app" }}>
      <SaveBar id={SAVE_BAR_ID} open={dirty}>
        {/* App Bridge's <ui-save-bar> takes plain buttons with its own `variant` attribute. */}
        {/* eslint-disable-next-line react/no-unknown-property */}
        <button variant="primary" onClick={save} loading={saving ? "" : undefined} disabled={saving}>
          Save
        </button>
        <button onClick={discard} disabled={saving}>
          Discard
        </button>
      </SaveBar>
      <BlockStack gap="500">
        {errorCount > 0 ? (
          <Banner
            tone="critical"
            title={`To save your settings, fix ${errorCount === 1 ? "1 error" : `${errorCount} errors`}`}
          >
            {errors.form ? <p>{errors.form}</p> : <p>Each field with a problem is marked below.</p>}
          </Banner>
        ) : null}
        <Layout>
          <Layout.AnnotatedSection
            id="account"
            title="Apruvd account"
            description="Your Apruvd API keys. Testing the connection also registers this store's callback and settings URLs with Apruvd."
          >
            <ApruvdConnectionCard
              connection={data.connection}
              result={result && result.intent !== "save" ? result : null}
            />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="callbacks"
            title="Callbacks"
            description="Where Apruvd sends its decisions and settings, and the credentials it signs them with."
          >
            <CallbackCard callback={data.callback} registeredAt={data.connection.callbacksRegisteredAt} />
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="automation"
            title="Automation"
            description="Each step runs automatically for every new order. Switch off the ones you want to do yourself."
          >
            <Card>
              <BlockStack gap="300">
                {toggle(
                  "autoSubmit",
                  "Submit new orders automatically",
                  "Off: orders wait on the dashboard until you submit them.",
                )}
                {toggle(
                  "holdWhileReviewing",
                  "Hold fulfillment while under review",
                  "Places a fulfillment hold so nothing ships before Apruvd decides.",
                )}
                <Box paddingInlineStart="600">
                  {toggle(
                    "releaseHoldOnApproval",
                    "Release the hold when the order is approved",
                    undefined,
                    !values.holdWhileReviewing,
                  )}
                </Box>
                {toggle(
                  "riskAssessments",
                  "Add Apruvd's verdict to the order's fraud analysis",
                  "Shown as a risk assessment on the order page.",
                )}
                {toggle("tagOrders", "Tag orders with their review status")}
                <Box paddingInlineStart="600">
                  <InlineGrid columns={{ xs: 1, md: 4 }} gap="300">
                    {text("tagReviewing", "Under review", undefined, { disabled: !values.tagOrders })}
                    {text("tagApproved", "Approved", undefined, { disabled: !values.tagOrders })}
                    {text("tagDeclined", "Declined", undefined, { disabled: !values.tagOrders })}
                    {text("tagNotReviewed", "Released without review", undefined, { disabled: !values.tagOrders })}
                  </InlineGrid>
                </Box>
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="declined"
            title="Declined orders"
            description="Cancelling is off unless you switch it on. Each part of a cancellation is its own choice."
          >
            <Card>
              <BlockStack gap="300">
                {toggle("cancelDeclined", "Cancel declined orders", "Cancelled with the reason Fraud.")}
                <Box paddingInlineStart="600">
                  <BlockStack gap="200">
                    {toggle("cancelRestock", "Restock the items", undefined, !values.cancelDeclined)}
                    {toggle("cancelRefund", "Refund to the original payment method", undefined, !values.cancelDeclined)}
                    {toggle("cancelNotifyCustomer", "Notify the customer", undefined, !values.cancelDeclined)}
                  </BlockStack>
                </Box>
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection id="review" title="Review" description="How orders are sent to Apruvd.">
            <Card>
              <FormLayout>
                <ChoiceList
                  title="Review mode"
                  choices={[
                    {
                      label: "Review every order",
                      value: "review_all",
                      helpText: "Apruvd reviews each order you send.",
                    },
                    {
                      label: "Submit every order, elevate the suspicious ones",
                      value: "submit_then_elevate",
                      helpText:
                        "Every order is sent as Submitted; the ones your elevation rules flag are elevated for review at once. Your Apruvd account must be set to Submitted by default.",
                    },
                  ]}
                  selected={[values.reviewMode]}
                  onChange={(selected) => setText("reviewMode")(selected[0] ?? "")}
                  error={errors.reviewMode}
                />
                <ChoiceList
                  title="Order number sent to Apruvd"
                  choices={[
                    { label: "Order name (for example 1001)", value: "name" },
                    { label: "Order ID (for example 5123456789)", value: "id" },
                  ]}
                  selected={[values.orderNumberSource]}
                  onChange={(selected) => setText("orderNumberSource")(selected[0] ?? "")}
                  error={errors.orderNumberSource}
                />
                {text(
                  "highRiskProductTag",
                  "High-risk product tag",
                  "Products with this tag are flagged as high risk in the transaction. Leave empty for none.",
                )}
                {toggle(
                  "applyCorrectedEmail",
                  "Apply corrected email addresses",
                  "When a reviewer fixes a typo in the customer's email, update the order's email.",
                )}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            id="elevation"
            title="Elevation rules"
            description="Submit every order, elevate the suspicious ones: which orders Apruvd reviews, and what happens to the others."
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
            title="Exclusions"
            description="Orders that are not sent to Apruvd. Excluded orders are listed on the dashboard with the reason, and you can still submit them."
          >
            <Card>
              <FormLayout>
                {text(
                  "gateways",
                  "Payment gateways",
                  "Separate with commas, for example: manual, Cash on Delivery (COD)",
                )}
                {text("salesChannels", "Sales channels", "For example: pos, shopify_draft_order")}
                <FormLayout.Group condensed>
                  {text("minTotal", "Minimum order total", "Smaller orders are excluded.", { inputMode: "decimal" })}
                  {text("maxTotal", "Maximum order total", "Larger orders are excluded.", { inputMode: "decimal" })}
                </FormLayout.Group>
                {text("customerTags", "Customer tags", "Orders from customers with any of these tags.")}
                {text("orderTags", "Order tags", "Orders with any of these tags.")}
                {toggle("excludeB2B", "Exclude B2B orders", "Orders placed for a company.")}
                {toggle("excludeTestOrders", "Exclude test orders")}
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
        <PageActions
          primaryAction={{ content: "Save", onAction: save, loading: saving, disabled: !dirty }}
          secondaryActions={[{ content: "Discard changes", onAction: discard, disabled: !dirty || saving }]}
        />
        <Box paddingBlockEnd="400">
          <Text as="p" tone="subdued" alignment="center">
            Changes apply to orders placed after you save.
          </Text>
        </Box>
      </BlockStack>
    </Page>
  );
}
