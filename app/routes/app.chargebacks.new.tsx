import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Card, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { TitleBar } from "@shopify/app-bridge-react";
import { FileDrop } from "../components/FileDrop";
import { translateFields } from "../lib/merchant/i18n/message";
import { useI18n } from "../components/I18n";
import { pageTitle } from "../lib/merchant/i18n/page-title";
import prisma from "../db.server";
import { FILE_FIELDS, type FileField } from "../lib/merchant/chargebacks/chargeback-form";
import { chargebackAction } from "../lib/merchant/chargebacks/chargeback-requests.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const settings = await prisma.shopSettings.findUnique({
    where: { shop: session.shop },
    select: { apruvdKeyIdEnc: true },
  });
  return {
    connected: Boolean(settings?.apruvdKeyIdEnc),
    orderNum: new URL(request.url).searchParams.get("order") ?? "",
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await chargebackAction(prisma, session.shop, request);
  if (result.ok) return redirect(`/app/chargebacks?filed=${encodeURIComponent(result.orderNum)}`);
  return result;
};

export const meta = pageTitle("chargebacks.new.title");

export default function NewChargeback() {
  const { t } = useI18n();
  const { connected, orderNum: initialOrder } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [orderNum, setOrderNum] = useState(initialOrder);
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("");
  const [status, setStatus] = useState("Reviewing");
  const [files, setFiles] = useState<Record<FileField, File | null>>({
    claim_file: null,
    claim_file_2: null,
    claim_file_3: null,
    appeal_file: null,
  });
  const errors = translateFields(t, result && !result.ok ? result.errors : undefined);
  const busy = navigation.state === "submitting";

  const send = () => {
    const form = new FormData();
    form.set("intent", "create");
    form.set("order_num", orderNum);
    form.set("claim_amount", amount);
    form.set("claim_amount_currency", currency);
    form.set("claim_status", status);
    for (const field of FILE_FIELDS) {
      const file = files[field];
      if (file) form.set(field, file, file.name);
    }
    submit(form, { method: "post", encType: "multipart/form-data" });
  };

  return (
    <Page
      title={t("chargebacks.new.title")}
      backAction={{ content: t("chargebacks.title"), url: "/app/chargebacks" }}
      primaryAction={{ content: t("chargebacks.new.submit"), onAction: send, loading: busy, disabled: !connected }}
    >
      <TitleBar title={t("chargebacks.new.title")} />
      <Layout>
        {!connected ? (
          <Layout.Section>
            <Banner
              tone="warning"
              title={t("chargebacks.notConnected")}
              action={{ content: t("chargebacks.connect"), url: "/app/onboarding" }}
            >
              <p>{t("chargebacks.new.connectFirst")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {errors.form ? (
          <Layout.Section>
            <Banner tone="critical" title={t("chargebacks.new.notFiled")}>
              <p>{errors.form}</p>
            </Banner>
          </Layout.Section>
        ) : Object.keys(errors).length > 0 ? (
          <Layout.Section>
            <Banner tone="critical" title={t("chargebacks.new.notFiled")}>
              <p>{t("common.fixMarkedFields")}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection title={t("chargebacks.claim")} description={t("chargebacks.new.claim.description")}>
          <Card>
            <FormLayout>
              <TextField
                label={t("chargebacks.orderNumber")}
                value={orderNum}
                onChange={setOrderNum}
                autoComplete="off"
                helpText={t("chargebacks.orderNumber.help")}
                error={errors.order_num}
                requiredIndicator
              />
              <FormLayout.Group condensed>
                <TextField
                  label={t("chargebacks.amount")}
                  value={amount}
                  onChange={setAmount}
                  autoComplete="off"
                  inputMode="decimal"
                  placeholder={t("chargebacks.amount.placeholder")}
                  error={errors.claim_amount}
                />
                <TextField
                  label={t("chargebacks.currency")}
                  value={currency}
                  onChange={(v) => setCurrency(v.toUpperCase())}
                  autoComplete="off"
                  placeholder={t("chargebacks.currency.placeholder")}
                  maxLength={3}
                  error={errors.claim_amount_currency}
                />
              </FormLayout.Group>
              <Select
                label={t("chargebacks.status")}
                options={[
                  { label: t("chargebacks.status.reviewing"), value: "Reviewing" },
                  { label: t("chargebacks.status.alert"), value: "Alert" },
                ]}
                value={status}
                onChange={setStatus}
                error={errors.claim_status}
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title={t("chargebacks.documents")}
          description={t("chargebacks.documents.description")}
        >
          <Card>
            <BlockStack gap="400">
              {FILE_FIELDS.map((field) => (
                <FileDrop
                  key={field}
                  name={field}
                  label={t(`chargebacks.file.${field}`)}
                  file={files[field]}
                  onChange={(file) => setFiles((f) => ({ ...f, [field]: file }))}
                  error={errors[field]}
                />
              ))}
              <Text as="p" tone="subdued" variant="bodySm">
                {t("chargebacks.documents.noCopy")}
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
