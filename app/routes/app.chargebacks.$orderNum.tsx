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
import { DateTime, formatMoney } from "../components/DateTime";
import { FileDrop } from "../components/FileDrop";
import { RouteError } from "../components/RouteError";
import prisma from "../db.server";
import { FILE_FIELDS, FILE_LABELS, type FileField } from "../lib/merchant/chargebacks/chargeback-form";
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

export default function ChargebackPage() {
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
  const errors = result && !result.ok ? result.errors : {};

  if (!data.ok) {
    return (
      <Page title="Chargeback" backAction={{ content: "Chargebacks", url: "/app/chargebacks" }}>
        <Banner tone="critical" title="This chargeback could not be loaded">
          <p>{data.message}</p>
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
      title={`Chargeback for order ${claim.orderNum}`}
      titleMetadata={<Badge tone={claim.status === "Alert" ? "attention" : "info"}>{claim.status}</Badge>}
      backAction={{ content: "Chargebacks", url: "/app/chargebacks" }}
      primaryAction={
        claim.status === "Alert"
          ? {
              content: "Move to Reviewing",
              onAction: () => send({ intent: "update", claim_status: "Reviewing" }),
              loading: busy === "update",
            }
          : undefined
      }
      secondaryActions={[{ content: "Delete claim", destructive: true, onAction: () => setConfirmDelete(true) }]}
    >
      <Layout>
        {confirmDelete ? (
          <Layout.Section>
            <Banner
              tone="critical"
              title={`Delete the chargeback claim for order ${claim.orderNum}?`}
              onDismiss={() => setConfirmDelete(false)}
            >
              <BlockStack gap="200">
                <p>Apruvd stops working on this claim. This can&apos;t be undone.</p>
                <InlineStack gap="200">
                  <Button
                    tone="critical"
                    variant="primary"
                    onClick={() => send({ intent: "delete" })}
                    loading={busy === "delete"}
                  >
                    Delete claim
                  </Button>
                  <Button onClick={() => setConfirmDelete(false)}>Keep claim</Button>
                </InlineStack>
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        {result?.ok ? (
          <Layout.Section>
            <Banner tone="success" title={result.message} />
          </Layout.Section>
        ) : errors.form || errors.claim_status ? (
          <Layout.Section>
            <Banner tone="critical" title="The chargeback was not updated">
              <p>{errors.form ?? errors.claim_status}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Update the claim
              </Text>
              <FormLayout>
                <TextField
                  label="Claim amount"
                  value={amount}
                  onChange={setAmount}
                  autoComplete="off"
                  inputMode="decimal"
                  placeholder={claim.amount}
                  helpText={`Currently ${formatMoney(claim.amount, claim.currency)}`}
                  error={errors.claim_amount}
                />
                {FILE_FIELDS.map((field) => (
                  <FileDrop
                    key={field}
                    name={field}
                    label={`${claim.files.some((f) => f.field === field) ? "Replace" : "Add"}: ${FILE_LABELS[field]}`}
                    file={files[field]}
                    onChange={(file) => setFiles((f) => ({ ...f, [field]: file }))}
                    error={errors[field]}
                  />
                ))}
                <Button
                  onClick={() => send({ intent: "update", claim_amount: amount }, true)}
                  loading={busy === "update"}
                >
                  Save changes
                </Button>
              </FormLayout>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Claim
              </Text>
              <Text as="p">Amount: {formatMoney(claim.amount, claim.currency)}</Text>
              <Text as="p">
                Filed: <DateTime value={claim.timestamp} />
              </Text>
              {claim.denialReason ? (
                <Text as="p" tone="critical">
                  Denied: {claim.denialReason}
                </Text>
              ) : null}
              <Text as="h3" variant="headingSm">
                Documents
              </Text>
              {claim.files.length === 0 ? (
                <Text as="p" tone="subdued">
                  None yet
                </Text>
              ) : (
                claim.files.map((f) => (
                  <Link key={f.field} url={f.url} target="_blank">
                    {FILE_LABELS[f.field as FileField] ?? f.field}
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
  return <RouteError notFoundTitle="Chargeback not found" backUrl="/app/chargebacks" backLabel="Chargebacks" />;
}
