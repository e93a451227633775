import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Card, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { FileDrop } from "../components/FileDrop";
import prisma from "../db.server";
import { FILE_FIELDS, FILE_LABELS, type FileField } from "../lib/merchant/chargebacks/chargeback-form";
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

export default function NewChargeback() {
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
  const errors = result && !result.ok ? result.errors : {};
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
      title="File a chargeback"
      backAction={{ content: "Chargebacks", url: "/app/chargebacks" }}
      primaryAction={{ content: "File chargeback", onAction: send, loading: busy, disabled: !connected }}
    >
      <Layout>
        {!connected ? (
          <Layout.Section>
            <Banner
              tone="warning"
              title="Apruvd isn't connected"
              action={{ content: "Connect Apruvd", url: "/app/onboarding" }}
            >
              <p>Connect your Apruvd account before filing chargebacks.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {errors.form ? (
          <Layout.Section>
            <Banner tone="critical" title="The chargeback was not filed">
              <p>{errors.form}</p>
            </Banner>
          </Layout.Section>
        ) : Object.keys(errors).length > 0 ? (
          <Layout.Section>
            <Banner tone="critical" title="The chargeback was not filed">
              <p>Fix the fields marked below.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection
          title="Claim"
          description="The order as it was sent to Apruvd. Amount and currency default to the order's."
        >
          <Card>
            <FormLayout>
              <TextField
                label="Order number"
                value={orderNum}
                onChange={setOrderNum}
                autoComplete="off"
                helpText="The order number Apruvd received, for example 1001."
                error={errors.order_num}
                requiredIndicator
              />
              <FormLayout.Group condensed>
                <TextField
                  label="Claim amount"
                  value={amount}
                  onChange={setAmount}
                  autoComplete="off"
                  inputMode="decimal"
                  placeholder="Order total"
                  error={errors.claim_amount}
                />
                <TextField
                  label="Currency"
                  value={currency}
                  onChange={(v) => setCurrency(v.toUpperCase())}
                  autoComplete="off"
                  placeholder="Order currency"
                  maxLength={3}
                  error={errors.claim_amount_currency}
                />
              </FormLayout.Group>
              <Select
                label="Claim status"
                options={[
                  { label: "Reviewing — the chargeback happened", value: "Reviewing" },
                  { label: "Alert — a chargeback is pending", value: "Alert" },
                ]}
                value={status}
                onChange={setStatus}
                error={errors.claim_status}
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Documents"
          description="Up to three claim documents and one appeal document. PDF or image, 10 MB each."
        >
          <Card>
            <BlockStack gap="400">
              {FILE_FIELDS.map((field) => (
                <FileDrop
                  key={field}
                  name={field}
                  label={FILE_LABELS[field]}
                  file={files[field]}
                  onChange={(file) => setFiles((f) => ({ ...f, [field]: file }))}
                  error={errors[field]}
                />
              ))}
              <Text as="p" tone="subdued" variant="bodySm">
                Documents go straight to Apruvd; this app keeps no copy.
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
