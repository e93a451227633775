import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import prisma from "../db.server";
import { maskSecret } from "../lib/crypto/secret-box.server";
import { apruvdCredentialsOf, callbackCredentialsOf, callbackUrlsOf, ensureShopSettings, saveApruvdCredentials } from "../lib/shops/shop-settings.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const settings = await ensureShopSettings(prisma, session.shop);
  const credentials = apruvdCredentialsOf(settings);
  const callback = callbackCredentialsOf(settings);
  return {
    keyId: credentials?.keyId ?? "",
    hasSecret: Boolean(credentials),
    callbackUrls: callbackUrlsOf(settings),
    callbackUsername: callback.username,
    callbackPasswordMasked: maskSecret(callback.password),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const keyId = String(form.get("keyId") ?? "").trim();
  const secret = String(form.get("secret") ?? "").trim();
  const errors: { keyId?: string; secret?: string } = {};
  if (!keyId) errors.keyId = "Enter your Apruvd API key ID";
  if (!secret) errors.secret = "Enter your Apruvd API key secret";
  if (errors.keyId || errors.secret) return { ok: false, errors };
  await saveApruvdCredentials(prisma, session.shop, { keyId, secret });
  return { ok: true, errors: {} };
};

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [keyId, setKeyId] = useState(data.keyId);
  const [secret, setSecret] = useState("");
  return (
    <Page title="Settings">
      <Layout>
        <Layout.AnnotatedSection title="Apruvd API keys" description="Create API keys in your Apruvd profile. They are stored encrypted.">
          <Card>
            <Form method="post">
              <FormLayout>
                {result?.ok && <Banner tone="success">API keys saved.</Banner>}
                <TextField label="API key ID" name="keyId" value={keyId} onChange={setKeyId} autoComplete="off" error={result?.errors.keyId} />
                <TextField
                  label="API key secret"
                  name="secret"
                  type="password"
                  value={secret}
                  onChange={setSecret}
                  autoComplete="off"
                  placeholder={data.hasSecret ? "Saved — enter a new secret to replace it" : ""}
                  error={result?.errors.secret}
                />
                <Button submit variant="primary" loading={navigation.state === "submitting"}>Save</Button>
              </FormLayout>
            </Form>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Callbacks" description="Apruvd sends its decisions here, authenticated with these credentials.">
          <Card>
            <BlockStack gap="200">
              <Text as="p">Callback URL: {data.callbackUrls.callback_url}</Text>
              <Text as="p">Settings URL: {data.callbackUrls.settings_url}</Text>
              <Text as="p">Callback user: {data.callbackUsername}</Text>
              <Text as="p">Callback password: {data.callbackPasswordMasked}</Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
