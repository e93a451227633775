/**
 * The first run's progress: the steps that need the merchant (connect, storefront embed,
 * order block), counted only once done, so a new shop starts at 0%.
 */
export function setupProgress(steps: { connected: boolean; embedSeen: boolean; blockSeen: boolean }): {
  done: number;
  total: number;
  percent: number;
} {
  const flags = [steps.connected, steps.embedSeen, steps.blockSeen];
  const done = flags.filter(Boolean).length;
  return { done, total: flags.length, percent: Math.round((100 * done) / flags.length) };
}
