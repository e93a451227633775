import { BlockStack, DropZone, InlineError, InlineStack, Text, Button } from "@shopify/polaris";
import { useId, useState } from "react";
import { useI18n } from "./I18n";

export const CLIENT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const ACCEPT = "application/pdf,image/png,image/jpeg,image/gif,image/webp";

function sizeLabel(bytes: number, number: (value: number, options?: Intl.NumberFormatOptions) => string): string {
  return bytes >= 1024 * 1024
    ? number(bytes / 1024 / 1024, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 })
    : number(Math.max(1, Math.round(bytes / 1024)), { style: "unit", unit: "kilobyte" });
}

/**
 * One document upload (PDF or image, ≤ 10 MB) as a Polaris DropZone. The size and
 * type are checked here for immediate feedback; the server checks them again.
 */
export function FileDrop({
  name,
  label,
  file,
  onChange,
  error,
}: {
  name: string;
  label: string;
  file: File | null;
  onChange: (file: File | null) => void;
  error?: string;
}) {
  const { t, format } = useI18n();
  const [localError, setLocalError] = useState<string | undefined>();
  const errorId = useId();
  const shown = localError ?? error;
  return (
    <BlockStack gap="100">
      <DropZone
        id={`drop-${name}`}
        label={label}
        accept={ACCEPT}
        allowMultiple={false}
        error={Boolean(shown)}
        onDrop={(_all, accepted, rejected) => {
          const next = accepted[0] ?? null;
          if (rejected.length > 0 && !next) {
            setLocalError(t("fileDrop.wrongType", { label }));
            return;
          }
          if (next && next.size > CLIENT_MAX_FILE_BYTES) {
            setLocalError(t("fileDrop.tooLarge", { label }));
            return;
          }
          setLocalError(undefined);
          onChange(next);
        }}
      >
        {file ? (
          <div style={{ padding: 16 }}>
            <InlineStack gap="200" blockAlign="center" align="space-between">
              <BlockStack gap="0">
                <Text as="span" fontWeight="semibold" breakWord>
                  {file.name}
                </Text>
                <Text as="span" variant="bodySm" tone="subdued">
                  {sizeLabel(file.size, format.number)}
                </Text>
              </BlockStack>
              {/* Keeps a click or key press on Remove from also opening the file picker behind it. */}
              <div role="presentation" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
                <Button
                  variant="plain"
                  tone="critical"
                  onClick={() => onChange(null)}
                  accessibilityLabel={t("fileDrop.removeFile", { name: file.name })}
                >
                  {t("fileDrop.remove")}
                </Button>
              </div>
            </InlineStack>
          </div>
        ) : (
          <DropZone.FileUpload actionTitle={t("fileDrop.add")} actionHint={t("fileDrop.hint")} />
        )}
      </DropZone>
      {shown ? <InlineError message={shown} fieldID={errorId} /> : null}
    </BlockStack>
  );
}
