/**
 * Empty-state illustrations as inline SVG data URIs: they render in the admin and
 * offline alike (no CDN image to fetch).
 */
function svg(body: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="226" height="160" viewBox="0 0 226 160" fill="none">${body}</svg>`)}`;
}

export const REVIEWS_ILLUSTRATION = svg(
  `<rect x="38" y="22" width="150" height="116" rx="12" fill="#f1f1f1"/><rect x="54" y="42" width="86" height="10" rx="5" fill="#d4d4d4"/><rect x="54" y="62" width="118" height="8" rx="4" fill="#e3e3e3"/><rect x="54" y="78" width="100" height="8" rx="4" fill="#e3e3e3"/><circle cx="160" cy="110" r="26" fill="#29845a"/><path d="M148 110l8 8 16-16" stroke="#fff" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>`,
);

export const CHARGEBACKS_ILLUSTRATION = svg(
  `<rect x="40" y="30" width="146" height="100" rx="12" fill="#f1f1f1"/><rect x="40" y="50" width="146" height="18" fill="#d4d4d4"/><rect x="56" y="88" width="50" height="10" rx="5" fill="#e3e3e3"/><circle cx="164" cy="112" r="24" fill="#ffb800"/><path d="M164 100v14" stroke="#fff" stroke-width="6" stroke-linecap="round"/><circle cx="164" cy="123" r="3.5" fill="#fff"/>`,
);
