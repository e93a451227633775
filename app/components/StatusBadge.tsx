import { Badge } from "@shopify/polaris";
import { statusLabel, statusTone } from "../lib/merchant/dashboard/statuses";

/** A review status as a Polaris badge (tone by outcome, merchant wording). */
export function StatusBadge({ status }: { status: string }) {
  const tone = statusTone(status);
  const progress = status === "Approved" || status === "Declined" ? "complete" : status === "Reviewing" || status === "Submitted" ? "partiallyComplete" : undefined;
  return (
    <Badge tone={tone} progress={progress}>
      {statusLabel(status)}
    </Badge>
  );
}
