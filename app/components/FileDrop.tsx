import { BlockStack, DropZone, InlineError, InlineStack, Text, Button } from "@shopify/polaris";
import { useId, useState } from "react";

export const CLIENT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const ACCEPT = "application/pdf,image/png,image/jpeg,image/gif,image/webp";

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
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
            setLocalError(`${label}: upload a PDF or an image`);
            return;
          }
          if (next && next.size > CLIENT_MAX_FILE_BYTES) {
            setLocalError(`${label}: the file is larger than 10 MB`);
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
                  {sizeLabel(file.size)}
                </Text>
              </BlockStack>
              {/* Keeps a click or key press on Remove from also opening the file picker behind it. */}
              <div role="presentation" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
                <Button
                  variant="plain"
                  tone="critical"
                  onClick={() => onChange(null)}
                  accessibilityLabel={`Remove ${file.name}`}
                >
                  Remove
                </Button>
              </div>
            </InlineStack>
          </div>
        ) : (
          <DropZone.FileUpload actionTitle="Add file" actionHint="PDF or image, up to 10 MB" />
        )}
      </DropZone>
      {shown ? <InlineError message={shown} fieldID={errorId} /> : null}
    </BlockStack>
  );
}
