import { useEffect, useState } from "react";
import { Form, useNavigation, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, InlineStack, ProgressBar, Text, TextField } from "@shopify/polaris";
import type { BackfillProgress } from "../lib/merchant/onboarding/backfill.server";

/**
 * Onboarding's "review existing orders" step: the merchant picks N days (default 7) and
 * the open, unfulfilled orders of those days are reviewed; progress refreshes every few
 * seconds until every order has been reviewed.
 */
export function BackfillCard({
  progress,
  defaultDays,
  maxDays,
  connected,
  error,
}: {
  progress: BackfillProgress;
  defaultDays: number;
  maxDays: number;
  connected: boolean;
  error: string | null;
}) {
  const [days, setDays] = useState(String(progress.days ?? defaultDays));
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const running = progress.requested && !progress.finished;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 3000);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  const percent = !progress.listed
    ? 10
    : progress.queued === 0
      ? 100
      : Math.round((100 * Math.min(progress.reviewed + progress.failed, progress.queued)) / progress.queued);
  return (
    <BlockStack gap="300">
      <Text as="p" tone="subdued">
        Orders placed before you installed the app have not been reviewed. Choose how many days back to review the open,
        unfulfilled ones (up to {maxDays}); each order is reviewed once, however often you ask.
      </Text>
      <Form method="post">
        <input type="hidden" name="intent" value="backfill" />
        <InlineStack gap="300" blockAlign="end">
          <Box minWidth="160px">
            <TextField
              label="Days to review"
              name="days"
              type="number"
              min={1}
              max={maxDays}
              value={days}
              onChange={setDays}
              autoComplete="off"
              error={error ?? undefined}
            />
          </Box>
          <Button submit disabled={!connected || running} loading={navigation.state === "submitting"}>
            Review existing orders
          </Button>
        </InlineStack>
      </Form>
      {!connected ? (
        <Text as="p" tone="subdued">
          Connect your Apruvd account first.
        </Text>
      ) : null}
      {progress.requested ? (
        <BlockStack gap="200">
          <Text as="p" id="backfill-progress">
            {!progress.listed
              ? `Finding the open, unfulfilled orders of the last ${progress.days} days… ${progress.queued} found so far.`
              : progress.queued === 0
                ? `No order of the last ${progress.days} days needed a review.`
                : `${Math.min(progress.reviewed, progress.queued)} of ${progress.queued} orders reviewed${progress.failed > 0 ? `, ${progress.failed} could not be` : ""}.`}
          </Text>
          <ProgressBar progress={percent} size="small" animated={running} ariaLabelledBy="backfill-progress" />
          {progress.finished ? <Banner tone="success">Every existing order asked for has been reviewed.</Banner> : null}
        </BlockStack>
      ) : null}
    </BlockStack>
  );
}
