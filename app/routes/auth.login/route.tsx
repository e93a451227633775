import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider as PolarisAppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { loginRequestFor, submittedLoginShop } from "../../lib/receive/login-form.server";
import { login } from "../../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

function loginErrorMessage(errors: Awaited<ReturnType<typeof login>> | undefined): { shop?: string } {
  if (!errors || errors instanceof Response) return {};
  if (errors.shop === LoginErrorType.MissingShop) return { shop: "Please enter your shop domain to log in" };
  if (errors.shop === LoginErrorType.InvalidShop) return { shop: "Please enter a valid shop domain to log in" };
  return {};
}

const MISSING_SHOP = { shop: LoginErrorType.MissingShop } as const;
const INVALID_SHOP = { shop: LoginErrorType.InvalidShop } as const;

/** Only a checked shop domain reaches the library (which logs it); the visitor's input never does. */
async function logIn(request: Request) {
  const submitted = await submittedLoginShop(request);
  if (submitted instanceof Response) throw submitted;
  if ("error" in submitted) {
    // A GET without a shop is the empty form, not an error.
    if (request.method === "GET" && submitted.error === "missing") return { errors: {} };
    return { errors: loginErrorMessage(submitted.error === "missing" ? MISSING_SHOP : INVALID_SHOP) };
  }
  return { errors: loginErrorMessage(await login(loginRequestFor(request, submitted.shop))) };
}

export const loader = ({ request }: LoaderFunctionArgs) => logIn(request);
export const action = ({ request }: ActionFunctionArgs) => logIn(request);

export default function Auth() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const { errors } = actionData || loaderData;
  return (
    <PolarisAppProvider i18n={polarisTranslations}>
      <Page>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h2">
                Log in
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="example.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={errors.shop}
              />
              <Button submit>Log in</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </PolarisAppProvider>
  );
}
