import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// oidc-provider ships no type declarations; the little used here is typed below.
// @ts-expect-error -- untyped module
import Provider from 'oidc-provider';

/** What the test identity provider says about an account (its login name is the account id). */
export interface IdpAccount {
  email: string;
  /** Left out like Microsoft Entra ID does. */
  email_verified?: boolean;
  /** Entra's optional claim: the email's domain is verified by its owner. */
  xms_edov?: boolean;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by login name; a login not listed is an account whose email is the login, verified. */
  accounts: Map<string, IdpAccount>;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1 with a plain login and consent page, for
 * tests: any login name signs in (the password is ignored), PKCE is required.
 */
export async function startTestIdp(redirectUris: string[]): Promise<TestIdp> {
  const accounts = new Map<string, IdpAccount>();
  // The provider needs its issuer URL (with the port) before it exists: requests are handed to it once made.
  const app: { handler?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(provider, req, res).catch((error: Error) => {
        res.statusCode = 500;
        res.end(error.message);
      });
    } else app.handler!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'rounds-test';
  const clientSecret = 'a-client-secret-for-tests-only-0123456789';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified', 'xms_edov'], profile: ['name'] },
    cookies: { keys: ['test-idp-cookie-key'] },
    // Its own plain login and consent pages (the built-in development pages load web fonts from another host).
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, ...(accounts.get(sub) ?? { email: sub, email_verified: true }) }),
    }),
  });
  app.handler = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login and consent pages: GET shows the form, POST finishes the step and redirects back into the flow. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- oidc-provider is untyped
async function interaction(provider: any, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const prompt = details.prompt.name as 'login' | 'consent';
  if (req.method === 'GET') {
    const fields =
      prompt === 'login'
        ? '<label>Login <input name="login" required></label> <label>Password <input type="password" name="password"></label>'
        : `<p>Allow ${escape(String(details.params.client_id))} to know who you are?</p>`;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><title>Test identity provider</title><form method="post" action="/interaction/${escape(details.uid)}">` +
        `<input type="hidden" name="prompt" value="${prompt}">${fields}<button type="submit">Continue</button></form>`,
    );
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = new URLSearchParams(Buffer.concat(chunks).toString());
  if (prompt === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: body.get('login') } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
  if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

/** A tiny cookie jar for driving the provider's pages with fetch. */
class Jar {
  private cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

/**
 * Plays the user at the provider: from the authorization URL through the login page (typing `login`) and the consent
 * page, following redirects, until the provider sends the browser back to a URL outside itself (the callback).
 */
export async function signInAtIdp(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new Jar();
  let url = new URL(authorizationUrl);
  const issuerOrigin = url.origin;
  const pages: string[] = [];
  for (let hops = 0; hops < 20; hops++) {
    if (url.origin !== issuerOrigin) return url;
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(response);
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url);
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`identity provider answered ${response.status} at ${url}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no form at ${url}: ${html.slice(0, 300)}`);
    pages.push(prompt);
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt });
    const submitted = await fetch(new URL(action, url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    jar.take(submitted);
    if (submitted.status < 300 || submitted.status >= 400) throw new Error(`the ${prompt} form answered ${submitted.status}`);
    url = new URL(submitted.headers.get('location')!, url);
  }
  throw new Error(`too many redirects at the identity provider (pages: ${pages.join(', ')})`);
}
