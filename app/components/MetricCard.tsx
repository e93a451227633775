import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Card, Text } from "@shopify/polaris";

/**
 * One dashboard figure. With `url` the whole figure is a link to the list it counts
 * (its accessible name says so: "Declined: 15, show these orders").
 */
export function MetricCard({
  label,
  value,
  help,
  url,
  linkLabel,
  tone,
}: {
  label: string;
  value: string;
  help?: string;
  url?: string;
  /** The link's accessible name; default "<label>: <value>". */
  linkLabel?: string;
  tone?: "critical" | "caution";
}) {
  const body = (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingXl" tone={tone}>
        {value}
      </Text>
      {help ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
      ) : null}
    </BlockStack>
  );
  return (
    <Card>
      {url ? (
        <RemixLink
          to={url}
          aria-label={linkLabel ?? `${label}: ${value}`}
          data-figure-link=""
          style={{ color: "inherit", textDecoration: "none", display: "block" }}
          preventScrollReset
        >
          {body}
        </RemixLink>
      ) : (
        body
      )}
    </Card>
  );
}
