import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { TitleBar } from "@shopify/app-bridge-react";
import { DateTime } from "../components/DateTime";
import { translateFields, translateMessage } from "../lib/merchant/i18n/message";
import { useI18n } from "../components/I18n";
import { pageTitle } from "../lib/merchant/i18n/page-title";
import { FileDrop } from "../components/FileDrop";
import { RouteError } from "../components/RouteError";
import prisma from "../db.server";
import { FILE_FIELDS, type FileField } from "../lib/merchant/chargebacks/chargeback-form";
import { chargebackAction } from "../lib/merchant/chargebacks/chargeback-requests.server";
import { apruvdClientForShop, getChargeback } from "../lib/merchant/chargebacks/chargebacks.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await getChargeback(await apruvdClientForShop(prisma, session.shop), params.orderNum ?? "");
  if (!result.ok && result.notFound) throw new Response("Chargeback not found", { status: 404 });
  return result;
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const orderNum = params.orderNum ?? "";
  const current = await getChargeback(await apruvdClientForShop(prisma, session.shop), orderNum);
  const result = await chargebackAction(prisma, session.shop, request, {
    orderNum,
    currentStatus: current.ok ? current.claim.status : undefined,
  });
  if (result.ok && result.intent === "delete")
    return redirect(`/app/chargebacks?deleted=${encodeURIComponent(orderNum)}`);
  return result;
};

export const meta = pageTitle("chargebacks.detail.metaTitle");

export default function ChargebackPage() {
  const { t, format } = useI18n();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [amount, setAmount] = useState("");
  const [files, setFiles] = useState<Record<FileField, File | null>>({
    claim_file: null,
    claim_file_2: null,
    claim_file_3: null,
    appeal_file: null,
  });
  const [confirmDelete, setConfirmDelete] = useState(false);
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const errors = translateFields(t, result && !result.ok ? result.errors : undefined);

  if (!data.ok) {
    return (
      <Page
        title={t("chargebacks.detail.metaTitle")}
        backAction={{ content: t("chargebacks.title"), url: "/app/chargebacks" }}
      >
        <TitleBar title={t("chargebacks.detail.metaTitle")} />
        <Banner tone="critical" title={t("chargebacks.detail.loadFailed")}>
          <p>{translateMessage(t, data.message)}</p>
        </Banner>
      </Page>
    );
  }
  const claim = data.claim;
  const send = (fields: Record<string, string>, withFiles = false) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (withFiles)
      for (const field of FILE_FIELDS) if (files[field]) form.set(field, files[field]!, files[field]!.name);
    submit(form, { method: "post", encType: "multipart/form-data" });
  };

  return (
    <Page
      title={t("chargebacks.detail.title", { order: claim.orderNum })}
      titleMetadata={<Badge tone={claim.status === "Alert" ? "attention" : "info"}>{claim.status}</Badge>}
      backAction={{ content: t("chargebacks.title"), url: "/app/chargebacks" }}
      primaryAction={
        claim.status === "Alert"
          ? {
              content: t("chargebacks.detail.moveToReviewing"),
              onAction: () => send({ intent: "update", claim_status: "Reviewing" }),
              loading: busy === "update",
            }
          : undefined
      }
      secondaryActions={[
        { content: t("chargebacks.detail.delete"), destructive: true, onAction: () => setConfirmDelete(true) },
      ]}
    >
      <TitleBar title={t("chargebacks.detail.title", { order: claim.orderNum })} />
      <Layout>
        {confirmDelete ? (
          <Layout.Section>
            <Banner
              tone="critical"
              title={t("chargebacks.detail.confirmDelete", { order: claim.orderNum })}
              onDismiss={() => setConfirmDelete(false)}
            >
              <BlockStack gap="200">
                <p>{t("chargebacks.detail.confirmDelete.body")}</p>
                <InlineStack gap="200">
                  <Button
                    tone="critical"
                    variant="primary"
                    onClick={() => send({ intent: "delete" })}
                    loading={busy === "delete"}
                  >
                    {t("chargebacks.detail.delete")}
                  </Button>
                  <Button onClick={() => setConfirmDelete(false)}>{t("chargebacks.detail.keep")}</Button>
                </InlineStack>
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        {result?.ok ? (
          <Layout.Section>
            <Banner tone="success" title={t("chargebacks.detail.updated")} />
          </Layout.Section>
        ) : errors.form || errors.claim_status ? (
          <Layout.Section>
            <Banner tone="critical" title={t("chargebacks.detail.notUpdated")}>
              <p>{errors.form ?? errors.claim_status}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("chargebacks.detail.update")}
              </Text>
              <FormLayout>
                <TextField
                  label={t("chargebacks.amount")}
                  value={amount}
                  onChange={setAmount}
                  autoComplete="off"
                  inputMode="decimal"
                  placeholder={claim.amount}
                  helpText={t("chargebacks.detail.currently", { amount: format.money(claim.amount, claim.currency) })}
                  error={errors.claim_amount}
                />
                {FILE_FIELDS.map((field) => (
                  <FileDrop
                    key={field}
                    name={field}
                    label={t(
                      claim.files.some((f) => f.field === field) ? "chargebacks.file.replace" : "chargebacks.file.add",
                      {
                        document: t(`chargebacks.file.${field}`),
                      },
                    )}
                    file={files[field]}
                    onChange={(file) => setFiles((f) => ({ ...f, [field]: file }))}
                    error={errors[field]}
                  />
                ))}
                <Button
                  onClick={() => send({ intent: "update", claim_amount: amount }, true)}
                  loading={busy === "update"}
                >
                  {t("common.saveChanges")}
                </Button>
              </FormLayout>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("chargebacks.claim")}
              </Text>
              <Text as="p">
                {t("chargebacks.detail.amount", { amount: format.money(claim.amount, claim.currency) })}
              </Text>
              <Text as="p">
                {t("chargebacks.detail.filed")} <DateTime value={claim.timestamp} />
              </Text>
              {claim.denialReason ? (
                <Text as="p" tone="critical">
                  {t("chargebacks.detail.denied", { reason: claim.denialReason })}
                </Text>
              ) : null}
              <Text as="h3" variant="headingSm">
                {t("chargebacks.documents")}
              </Text>
              {claim.files.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("chargebacks.detail.noDocuments")}
                </Text>
              ) : (
                claim.files.map((f) => (
                  <Link key={f.field} url={f.url} target="_blank">
                    {(FILE_FIELDS as readonly string[]).includes(f.field)
                      ? t(`chargebacks.file.${f.field as FileField}`)
                      : f.field}
                  </Link>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return (
    <RouteError notFoundTitle="chargebacks.detail.notFound" backUrl="/app/chargebacks" backLabel="chargebacks.title" />
  );
}
