import { Form, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { DateTime } from "./DateTime";

export interface ConnectionProps {
  connection: {
    connected: boolean;
    hasCredentials: boolean;
    keyIdMasked: string | null;
    verifiedAt: string | null;
    servicePlan: string | null;
  };
  result?: { intent: string; ok: boolean; message?: string; errors?: { keyId?: string; secret?: string } } | null;
  /** Shown on the primary button (onboarding: "Connect and continue"). */
  connectLabel?: string;
}

/**
 * Apruvd API keys: enter them (stored encrypted), then one real call checks them and
 * registers this shop's callback and settings URLs. The saved key id is only shown masked.
 */
export function ApruvdConnectionCard({
  connection,
  result,
  connectLabel = "Save and test connection",
}: ConnectionProps) {
  const navigation = useNavigation();
  const pendingIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const [keyId, setKeyId] = useState("");
  const [secret, setSecret] = useState("");
  const connectResult = result && (result.intent === "connect" || result.intent === "test") ? result : null;
  // Once the keys are saved the fields empty again: the secret is never shown back.
  useEffect(() => {
    if (connectResult?.ok) {
      setKeyId("");
      setSecret("");
    }
  }, [connectResult]);

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            Apruvd account
          </Text>
          {connection.connected ? (
            <Badge tone="success">Connected</Badge>
          ) : (
            <Badge tone="attention">Not connected</Badge>
          )}
        </InlineStack>
        {connection.hasCredentials ? (
          <Text as="p" tone="subdued">
            API key ID {connection.keyIdMasked}
            {connection.servicePlan ? ` · ${connection.servicePlan}` : ""}
            {connection.verifiedAt ? (
              <>
                {" · verified "}
                <DateTime value={connection.verifiedAt} />
              </>
            ) : null}
          </Text>
        ) : null}
        {connectResult ? (
          <Banner
            tone={connectResult.ok ? "success" : "critical"}
            title={connectResult.ok ? "Connected" : "Apruvd connection failed"}
          >
            <p>{connectResult.message}</p>
          </Banner>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="connect" />
          <FormLayout>
            <TextField
              label="API key ID"
              name="keyId"
              value={keyId}
              onChange={setKeyId}
              autoComplete="off"
              placeholder={connection.hasCredentials ? "Enter a new key ID to replace the saved one" : ""}
              error={connectResult?.errors?.keyId}
            />
            <TextField
              label="API key secret"
              name="secret"
              type="password"
              value={secret}
              onChange={setSecret}
              autoComplete="off"
              helpText="Create API keys in your Apruvd profile. They are stored encrypted and never shown again."
              error={connectResult?.errors?.secret}
            />
            <InlineStack gap="200">
              <Button submit variant="primary" loading={pendingIntent === "connect"}>
                {connectLabel}
              </Button>
            </InlineStack>
          </FormLayout>
        </Form>
        {connection.hasCredentials ? (
          <Form method="post">
            <input type="hidden" name="intent" value="test" />
            <Button submit loading={pendingIntent === "test"}>
              Test saved connection
            </Button>
          </Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export function CallbackCard({
  callback,
  registeredAt,
}: {
  callback: { callbackUrl: string; settingsUrl: string; username: string; passwordMasked: string };
  registeredAt: string | null;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            Callbacks
          </Text>
          {registeredAt ? (
            <Badge tone="success">Registered with Apruvd</Badge>
          ) : (
            <Badge>Registered when you connect</Badge>
          )}
        </InlineStack>
        <TextField label="Callback URL" value={callback.callbackUrl} readOnly autoComplete="off" />
        <TextField label="Settings URL" value={callback.settingsUrl} readOnly autoComplete="off" />
        <TextField label="Callback username" value={callback.username} readOnly autoComplete="off" />
        <TextField
          label="Callback password"
          value={callback.passwordMasked}
          readOnly
          autoComplete="off"
          helpText="Generated for this store. Apruvd signs every callback with it."
        />
      </BlockStack>
    </Card>
  );
}
