import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  Collapsible,
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect, useId, useState } from "react";
import { APRUVD_PROFILE_URL, ApruvdConnectionCard, CallbackCard } from "../components/ApruvdConnectionCard";
import { DateTime } from "../components/DateTime";
import { useI18n } from "../components/I18n";
import { BackfillCard } from "../components/BackfillCard";
import prisma from "../db.server";
import {
  BACKFILL_DEFAULT_DAYS,
  BACKFILL_MAX_DAYS,
  backfillProgress,
  parseBackfillDays,
  requestBackfill,
} from "../lib/merchant/onboarding/backfill.server";
import { message, translateMessage } from "../lib/merchant/i18n/message";
import { pageTitle } from "../lib/merchant/i18n/page-title";
import { connectionResultText } from "../lib/merchant/settings/connection-result";
import { setupProgress } from "../lib/merchant/onboarding/setup-progress";
import { setupStatus, storefrontEmbedDeepLink } from "../lib/merchant/onboarding/setup-signals.server";
import { loadSettingsPage, settingsAction } from "../lib/merchant/settings/settings-page.server";
import { config } from "../lib/platform/config/config.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [page, backfill, setup] = await Promise.all([
    loadSettingsPage(prisma, session.shop),
    backfillProgress(prisma, session.shop),
    setupStatus(prisma, session.shop),
  ]);
  return {
    ...page,
    backfill,
    backfillDays: { default: BACKFILL_DEFAULT_DAYS, max: BACKFILL_MAX_DAYS },
    setup,
    embedLink: storefrontEmbedDeepLink(session.shop, config().shopify.apiKey),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  if (form.get("intent") === "backfill") {
    const days = parseBackfillDays(form.get("days"));
    if (!days.ok) return { intent: "backfill" as const, ok: false as const, message: days.message };
    await requestBackfill(prisma, session.shop, days.days);
    return { intent: "backfill" as const, ok: true as const, message: null };
  }
  // Onboarding only connects (and backfills); automation is edited on the settings page.
  if (form.get("intent") !== "connect" && form.get("intent") !== "test")
    return { intent: "connect" as const, ok: false as const, message: message("onboarding.unknownStep") };
  return settingsAction(prisma, session.shop, form);
};

export const meta = pageTitle("onboarding.title");

function Step({
  number,
  title,
  done,
  optional = false,
  children,
}: {
  number: number;
  title: string;
  done: boolean;
  optional?: boolean;
  children: React.ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("onboarding.stepTitle", { number, title })}
          </Text>
          {done ? (
            <Badge tone="success">{t("onboarding.done")}</Badge>
          ) : optional ? (
            <Badge>{t("onboarding.optional")}</Badge>
          ) : (
            <Badge tone="attention">{t("onboarding.toDo")}</Badge>
          )}
        </InlineStack>
        {children}
      </BlockStack>
    </Card>
  );
}

/** "Seen on …" once the part has called the app, "Not seen yet" before. */
function LiveStatus({
  seenAt,
  seenKey,
}: {
  seenAt: string | null;
  seenKey: "onboarding.embed.seen" | "onboarding.block.seen";
}) {
  const { t } = useI18n();
  return seenAt ? (
    <Text as="p" tone="success">
      {t(seenKey)} <DateTime value={seenAt} />
    </Text>
  ) : (
    <Text as="p" tone="subdued">
      {t("onboarding.notSeenYet")}
    </Text>
  );
}

export default function Onboarding() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const revalidator = useRevalidator();
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const advancedId = useId();
  const connected = data.connection.connected;
  const embedSeen = Boolean(data.setup.storefrontEmbedSeenAt);
  const blockSeen = Boolean(data.setup.orderBlockSeenAt);
  const progress = setupProgress({ connected, embedSeen, blockSeen });
  const v = data.values;
  const on = (flag: boolean) =>
    flag ? <Badge tone="success">{t("onboarding.on")}</Badge> : <Badge>{t("onboarding.off")}</Badge>;

  // Live status: while the embed or the block has not called the app yet, look again every few seconds.
  const waiting = connected && (!embedSeen || !blockSeen);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, 5000);
    return () => clearInterval(timer);
  }, [waiting, revalidator]);

  return (
    <Page
      title={t("onboarding.title")}
      backAction={{ content: t("nav.reviewsPage"), url: "/app" }}
      primaryAction={connected ? { content: t("onboarding.goToDashboard"), url: "/app" } : undefined}
    >
      <TitleBar title={t("onboarding.title")} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="p" id="onboarding-progress">
                  {progress.done === progress.total
                    ? t("onboarding.progress.complete")
                    : t("onboarding.progress", { done: progress.done, total: progress.total })}
                </Text>
                <ProgressBar
                  progress={progress.percent}
                  tone="primary"
                  size="small"
                  animated={false}
                  ariaLabelledBy="onboarding-progress"
                />
                <Text as="p" tone="subdued">
                  {connected ? t("onboarding.ordersReviewed") : t("onboarding.noOrdersSentYet")}
                </Text>
              </BlockStack>
            </Card>
            <Step number={1} title={t("onboarding.connect.title")} done={connected}>
              <Text as="p" tone="subdued">
                {t("onboarding.connect.body")}{" "}
                <Link url={APRUVD_PROFILE_URL} target="_blank">
                  {t("onboarding.connect.whereKeys")}
                </Link>
              </Text>
              <ApruvdConnectionCard
                connection={data.connection}
                result={connectionResultText(
                  t,
                  result && result.intent !== "save" && result.intent !== "backfill" ? result : null,
                )}
                connectLabel={connected ? t("onboarding.connect.replace") : t("onboarding.connect.submit")}
              />
              <Box>
                <Button
                  variant="plain"
                  disclosure={advancedOpen ? "up" : "down"}
                  onClick={() => setAdvancedOpen((open) => !open)}
                  ariaExpanded={advancedOpen}
                  ariaControls={advancedId}
                >
                  {t("onboarding.advanced")}
                </Button>
              </Box>
              <Collapsible id={advancedId} open={advancedOpen}>
                <CallbackCard callback={data.callback} registeredAt={data.connection.callbacksRegisteredAt} />
              </Collapsible>
            </Step>
            <Step number={2} title={t("onboarding.embed.title")} done={embedSeen}>
              <Text as="p" tone="subdued">
                {t("onboarding.embed.body")}
              </Text>
              <LiveStatus seenAt={data.setup.storefrontEmbedSeenAt} seenKey="onboarding.embed.seen" />
              <Box>
                <Button url={data.embedLink} target="_top">
                  {t("onboarding.embed.open")}
                </Button>
              </Box>
            </Step>
            <Step number={3} title={t("onboarding.block.title")} done={blockSeen}>
              <Text as="p" tone="subdued">
                {t("onboarding.block.body")}
              </Text>
              <LiveStatus seenAt={data.setup.orderBlockSeenAt} seenKey="onboarding.block.seen" />
              <Box>
                <Button url="shopify://admin/orders" target="_top">
                  {t("onboarding.block.open")}
                </Button>
              </Box>
            </Step>
            <Step number={4} title={t("onboarding.backfill.title")} done={data.backfill.finished} optional>
              <BackfillCard
                progress={data.backfill}
                defaultDays={data.backfillDays.default}
                maxDays={data.backfillDays.max}
                connected={connected}
                error={result?.intent === "backfill" && !result.ok ? translateMessage(t, result.message) : null}
              />
            </Step>
            <Step number={5} title={t("onboarding.automation.title")} done={connected} optional>
              <Text as="p" tone="subdued">
                {t("onboarding.automation.body")}
              </Text>
              <List>
                <List.Item>
                  <InlineStack gap="200">
                    {t("settings.autoSubmit")} {on(v.autoSubmit)}
                  </InlineStack>
                </List.Item>
                <List.Item>
                  <InlineStack gap="200">
                    {t("settings.holdWhileReviewing")} {on(v.holdWhileReviewing)}
                  </InlineStack>
                </List.Item>
                <List.Item>
                  <InlineStack gap="200">
                    {t("settings.releaseHoldOnApproval")} {on(v.releaseHoldOnApproval)}
                  </InlineStack>
                </List.Item>
                <List.Item>
                  <InlineStack gap="200">
                    {t("settings.tagOrders")} {on(v.tagOrders)}
                  </InlineStack>
                </List.Item>
                <List.Item>
                  <InlineStack gap="200">
                    {t("settings.riskAssessments")} {on(v.riskAssessments)}
                  </InlineStack>
                </List.Item>
                <List.Item>
                  <InlineStack gap="200">
                    {t("settings.cancelDeclined")} {on(v.cancelDeclined)}
                  </InlineStack>
                </List.Item>
              </List>
              <Box>
                <Button url="/app/settings">{t("onboarding.automation.change")}</Button>
              </Box>
            </Step>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
