import { Badge } from "@shopify/polaris";
import { statusLabel, statusTone } from "../lib/merchant/dashboard/statuses";
import { AWAITING_DECISION_STATUSES, isFinalStatus } from "../lib/review/review-state";
import { useI18n } from "./I18n";

/** A review status as a Polaris badge (tone by outcome, merchant wording). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const tone = statusTone(status);
  const progress = isFinalStatus(status)
    ? "complete"
    : (AWAITING_DECISION_STATUSES as readonly string[]).includes(status)
      ? "partiallyComplete"
      : undefined;
  return (
    <Badge tone={tone} progress={progress}>
      {statusLabel(status, t)}
    </Badge>
  );
}
