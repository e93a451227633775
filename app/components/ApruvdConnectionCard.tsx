import { Form, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Link,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { DateTime } from "./DateTime";
import { useI18n } from "./I18n";

/** Where Apruvd API keys are made: "To create or delete API keys, please visit your profile" (../shared/reference/apruvd-api.txt, Authentication), on app.apruvd.com. */
export const APRUVD_PROFILE_URL = "https://app.apruvd.com/";

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
export function ApruvdConnectionCard({ connection, result, connectLabel }: ConnectionProps) {
  const { t } = useI18n();
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
            {t("connection.title")}
          </Text>
          {connection.connected ? (
            <Badge tone="success">{t("connection.connected")}</Badge>
          ) : (
            <Badge tone="attention">{t("connection.notConnected")}</Badge>
          )}
        </InlineStack>
        {connection.hasCredentials ? (
          <Text as="p" tone="subdued">
            {t("connection.keyId", { key: connection.keyIdMasked ?? "" })}
            {connection.servicePlan ? ` · ${connection.servicePlan}` : ""}
            {connection.verifiedAt ? (
              <>
                {` · ${t("connection.verified")} `}
                <DateTime value={connection.verifiedAt} />
              </>
            ) : null}
          </Text>
        ) : null}
        {connectResult ? (
          <Banner
            tone={connectResult.ok ? "success" : "critical"}
            title={connectResult.ok ? t("connection.connected") : t("connection.failed")}
          >
            <p>{connectResult.message}</p>
          </Banner>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="connect" />
          <FormLayout>
            <TextField
              label={t("connection.keyIdLabel")}
              name="keyId"
              value={keyId}
              onChange={setKeyId}
              autoComplete="off"
              placeholder={connection.hasCredentials ? t("connection.keyIdReplace") : ""}
              error={connectResult?.errors?.keyId}
            />
            <TextField
              label={t("connection.secretLabel")}
              name="secret"
              type="password"
              value={secret}
              onChange={setSecret}
              autoComplete="off"
              helpText={
                <>
                  {t("connection.secretHelp")}{" "}
                  <Link url={APRUVD_PROFILE_URL} target="_blank">
                    {t("connection.whereKeys")}
                  </Link>
                </>
              }
              error={connectResult?.errors?.secret}
            />
            <InlineStack gap="200">
              <Button submit variant="primary" loading={pendingIntent === "connect"}>
                {connectLabel ?? t("connection.saveAndTest")}
              </Button>
            </InlineStack>
          </FormLayout>
        </Form>
        {connection.hasCredentials ? (
          <Form method="post">
            <input type="hidden" name="intent" value="test" />
            <Button submit loading={pendingIntent === "test"}>
              {t("connection.test")}
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
  const { t } = useI18n();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {t("callbacks.title")}
          </Text>
          {registeredAt ? (
            <Badge tone="success">{t("callbacks.registered")}</Badge>
          ) : (
            <Badge>{t("callbacks.registeredOnConnect")}</Badge>
          )}
        </InlineStack>
        <Text as="p" tone="subdued">
          {t("callbacks.noActionNeeded")}
        </Text>
        <TextField label={t("callbacks.url")} value={callback.callbackUrl} readOnly autoComplete="off" />
        <TextField label={t("callbacks.settingsUrl")} value={callback.settingsUrl} readOnly autoComplete="off" />
        <TextField label={t("callbacks.username")} value={callback.username} readOnly autoComplete="off" />
        <TextField
          label={t("callbacks.password")}
          value={callback.passwordMasked}
          readOnly
          autoComplete="off"
          helpText={t("callbacks.password.help")}
        />
      </BlockStack>
    </Card>
  );
}
