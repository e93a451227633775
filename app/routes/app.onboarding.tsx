import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  InlineStack,
  Layout,
  List,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { ApruvdConnectionCard, CallbackCard } from "../components/ApruvdConnectionCard";
import prisma from "../db.server";
import { loadSettingsPage, settingsAction } from "../lib/merchant/settings/settings-page.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadSettingsPage(prisma, session.shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  // Onboarding only connects; automation is edited on the settings page.
  if (form.get("intent") !== "connect" && form.get("intent") !== "test")
    return { intent: "connect" as const, ok: false as const, message: "Unknown step." };
  return settingsAction(prisma, session.shop, form);
};

function Step({
  number,
  title,
  done,
  children,
}: {
  number: number;
  title: string;
  done: boolean;
  children: React.ReactNode;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {`${number}. ${title}`}
          </Text>
          {done ? <Badge tone="success">Done</Badge> : null}
        </InlineStack>
        {children}
      </BlockStack>
    </Card>
  );
}

export default function Onboarding() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const connected = data.connection.connected;
  const v = data.values;
  const on = (flag: boolean) => (flag ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>);

  return (
    <Page
      title="Set up Apruvd"
      backAction={{ content: "Fraud reviews", url: "/app" }}
      primaryAction={connected ? { content: "Go to dashboard", url: "/app" } : undefined}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="p" id="onboarding-progress">
                  {connected
                    ? "Apruvd is connected. New orders are reviewed automatically."
                    : "Two minutes to protect every order: connect your Apruvd account, and the rest is already set up."}
                </Text>
                <ProgressBar
                  progress={connected ? 100 : 33}
                  tone="primary"
                  size="small"
                  animated={false}
                  ariaLabelledBy="onboarding-progress"
                />
              </BlockStack>
            </Card>
            <Step number={1} title="Connect your Apruvd account" done={connected}>
              <Text as="p" tone="subdued">
                Enter the API key ID and secret from your Apruvd profile. We check them with Apruvd right away.
              </Text>
              <ApruvdConnectionCard
                connection={data.connection}
                result={result && result.intent !== "save" ? result : null}
                connectLabel={connected ? "Replace keys and test" : "Test connection and continue"}
              />
            </Step>
            <Step
              number={2}
              title="Callbacks registered with Apruvd"
              done={Boolean(data.connection.callbacksRegisteredAt)}
            >
              <Text as="p" tone="subdued">
                Apruvd sends each decision to this store through these URLs, signed with credentials generated for you.
                They are registered when the connection test succeeds.
              </Text>
              <CallbackCard callback={data.callback} registeredAt={data.connection.callbacksRegisteredAt} />
            </Step>
            <Step number={3} title="Automation" done={connected}>
              <Text as="p" tone="subdued">
                Every step is on from the start; destructive ones stay off until you choose them.
              </Text>
              <List>
                <List.Item>
                  <InlineStack gap="200">Submit new orders automatically {on(v.autoSubmit)}</InlineStack>
                </List.Item>
                <List.Item>
                  <InlineStack gap="200">Hold fulfillment while under review {on(v.holdWhileReviewing)}</InlineStack>
                </List.Item>
                <List.Item>
                  <InlineStack gap="200">Release the hold on approval {on(v.releaseHoldOnApproval)}</InlineStack>
                </List.Item>
                <List.Item>
                  <InlineStack gap="200">Tag orders {on(v.tagOrders)}</InlineStack>
                </List.Item>
                <List.Item>
                  <InlineStack gap="200">Risk assessments {on(v.riskAssessments)}</InlineStack>
                </List.Item>
                <List.Item>
                  <InlineStack gap="200">Cancel declined orders {on(v.cancelDeclined)}</InlineStack>
                </List.Item>
              </List>
              <Box>
                <Button url="/app/settings">Change automation settings</Button>
              </Box>
            </Step>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
