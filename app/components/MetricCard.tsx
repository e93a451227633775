import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Card, Text } from "@shopify/polaris";

/**
 * One dashboard figure. With `url`, its label and value are a link to the list it counts;
 * the link's accessible name starts with exactly what it shows ("Declined: 15. Show these
 * orders" for "Declined" and "15": WCAG 2.5.3, label in name), and the help text stays
 * outside the link, so the name holds all of the link's visible text.
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
  /** The link's accessible name: the label and value, then where it goes. */
  linkLabel?: string;
  tone?: "critical" | "caution";
}) {
  const figure = (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      {/* Keeps the label and the value apart in the link's visible text ("Declined 15", not "Declined15"). */}{" "}
      <Text as="p" variant="headingXl" tone={tone}>
        {value}
      </Text>
    </BlockStack>
  );
  return (
    <Card>
      <BlockStack gap="100">
        {url ? (
          <RemixLink
            to={url}
            aria-label={linkLabel ?? `${label}: ${value}`}
            data-figure-link=""
            style={{ color: "inherit", textDecoration: "none", display: "block", minHeight: 44 }}
            preventScrollReset
          >
            {figure}
          </RemixLink>
        ) : (
          figure
        )}
        {help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
