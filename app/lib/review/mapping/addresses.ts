/** Billing and shipping addresses → the billing_* and shipping_* fields. */
import { TRANSACTION_STRING_LIMITS } from "../../clients/apruvd/types";
import { cleanString } from "./strings";
import type { ReviewAddress } from "./types";

type AddressFields = {
  first_name?: string;
  last_name?: string;
  company?: string;
  address_1?: string;
  address_2?: string;
  city?: string;
  postal?: string;
  state?: string;
  region?: string;
  country?: string;
  phone?: string;
};

/**
 * state = province code ("KY", as the reference's submit example sends "billing_state":"NY";
 * the full name when Shopify has no code), region = province full name ("Kentucky"; the
 * code when Shopify has no name), country = country full name (the ISO code when the name
 * is missing). docs/mapping.md says why.
 */
export function mapAddress(address: ReviewAddress | null | undefined): AddressFields {
  if (address == null) return {};
  const L = TRANSACTION_STRING_LIMITS;
  const province = cleanString(address.province, L.billing_state);
  const provinceCode = cleanString(address.provinceCode, L.billing_region);
  const fields: AddressFields = {
    first_name: cleanString(address.firstName, L.billing_first_name),
    last_name: cleanString(address.lastName, L.billing_last_name),
    company: cleanString(address.company, L.billing_company),
    address_1: cleanString(address.address1, L.billing_address_1),
    address_2: cleanString(address.address2, L.billing_address_2),
    city: cleanString(address.city, L.billing_city),
    postal: cleanString(address.zip, L.billing_postal),
    state: provinceCode ?? province,
    region: province ?? provinceCode,
    country: cleanString(address.country, L.billing_country) ?? cleanString(address.countryCodeV2, L.billing_country),
    phone: cleanString(address.phone, L.billing_phone),
  };
  return fields;
}
