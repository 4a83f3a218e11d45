import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SsoSettings, SsoSettingsBody } from '../../../schemas/auth';
import { api, ApiError, errorMessage } from '../../lib/api';
import { isDistrictAdmin, useMe } from '../../lib/session';
import { ErrorBox, Field, FormMessage, Loading, PageTitle } from '../../lib/ui';

const settingsQuery = { queryKey: ['admin', 'sso'], queryFn: () => api<SsoSettings>('/api/admin/sso') };

/** The district admin's OpenID Connect settings (Google Workspace, Microsoft Entra ID or any OpenID provider). */
export function SsoSettingsPage() {
  const me = useMe();
  const settings = useQuery({ ...settingsQuery, enabled: isDistrictAdmin(me) });
  if (!isDistrictAdmin(me)) {
    return (
      <>
        <PageTitle title="Single sign-on">Single sign-on</PageTitle>
        <p className="notice notice-error">Only a district administrator manages single sign-on.</p>
      </>
    );
  }
  return (
    <>
      <PageTitle
        title="Single sign-on"
        lead="Let staff sign in with their district account (Google Workspace, Microsoft Entra ID or another OpenID Connect provider)."
      >
        Single sign-on
      </PageTitle>
      {settings.isPending ? <Loading what="the settings" /> : settings.isError ? <ErrorBox error={settings.error} onRetry={() => void settings.refetch()} /> : <SsoForm saved={settings.data} />}
    </>
  );
}

const splitDomains = (text: string) => text.split(/[\s,]+/).map((d) => d.trim()).filter(Boolean);

function SsoForm({ saved }: { saved: SsoSettings }) {
  const queryClient = useQueryClient();
  const enabledId = useId();
  const [providerName, setProviderName] = useState(saved.providerName || 'Google Workspace');
  const [issuerUrl, setIssuerUrl] = useState(saved.issuerUrl);
  const [clientId, setClientId] = useState(saved.clientId);
  const [clientSecret, setClientSecret] = useState('');
  const [domains, setDomains] = useState(saved.allowedDomains.join(', '));
  const [verifiedDomains, setVerifiedDomains] = useState(saved.verifiedDomains.join(', '));
  const [enabled, setEnabled] = useState(saved.enabled);
  useEffect(() => setClientSecret(''), [saved]);

  const save = useMutation({
    mutationFn: (body: SsoSettingsBody) => api<SsoSettings>('/api/admin/sso', { method: 'PUT', json: body }),
    onSuccess: (data) => queryClient.setQueryData(settingsQuery.queryKey, data),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    save.mutate({
      providerName,
      issuerUrl,
      clientId,
      ...(clientSecret ? { clientSecret } : {}),
      allowedDomains: splitDomains(domains),
      verifiedDomains: splitDomains(verifiedDomains),
      enabled,
    });
  };
  const error = save.error instanceof ApiError ? save.error : undefined;
  const field = (name: string) => error?.fieldMessages(name);
  const domainError = error?.fields.filter((f) => f.path.startsWith('body.allowedDomains')).map((f) => f.message)[0];
  const verifiedDomainError = error?.fields.filter((f) => f.path.startsWith('body.verifiedDomains')).map((f) => f.message)[0];

  return (
    <section className="card section" aria-labelledby="sso-form-heading">
      <h2 id="sso-form-heading">OpenID Connect provider</h2>
      <p>
        Register Rounds as a web application with your provider, with this redirect URI: <span className="mono">{saved.redirectUri}</span>
      </p>
      <form onSubmit={onSubmit} noValidate>
        <Field label="Button name" hint="Shown on the sign-in page: “Sign in with …”." name="providerName" value={providerName} onChange={(e) => setProviderName(e.target.value)} error={field('providerName')} required />
        <Field
          label="Issuer URL"
          hint="Google: https://accounts.google.com · Microsoft: https://login.microsoftonline.com/<tenant id>/v2.0"
          name="issuerUrl"
          type="url"
          spellCheck={false}
          value={issuerUrl}
          onChange={(e) => setIssuerUrl(e.target.value)}
          error={field('issuerUrl')}
          required
        />
        <Field label="Client ID" name="clientId" spellCheck={false} autoComplete="off" value={clientId} onChange={(e) => setClientId(e.target.value)} error={field('clientId')} required />
        <Field
          label="Client secret"
          hint={saved.hasClientSecret ? 'A secret is saved (it is never shown). Leave empty to keep it, or enter a new one.' : 'From your provider’s app registration.'}
          name="clientSecret"
          type="password"
          autoComplete="new-password"
          value={clientSecret}
          onChange={(e) => setClientSecret(e.target.value)}
          error={field('clientSecret')}
        />
        <Field
          label="Allowed email domains"
          hint="Separated by commas, e.g. district.org, students.district.org. Leave empty to accept any address that matches a Rounds account."
          name="allowedDomains"
          spellCheck={false}
          value={domains}
          onChange={(e) => setDomains(e.target.value)}
          error={domainError}
        />
        <Field
          label="Verified email domains"
          hint="For Microsoft Entra ID, which does not say whether an email is verified: addresses in these domains are accepted. List only domains your district owns and has verified with the provider (in Entra: Custom domain names). Leave empty for Google Workspace."
          name="verifiedDomains"
          spellCheck={false}
          value={verifiedDomains}
          onChange={(e) => setVerifiedDomains(e.target.value)}
          error={verifiedDomainError}
        />
        <div className="field">
          <label className="check" htmlFor={enabledId}>
            <input id={enabledId} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            <span>Offer single sign-on on the sign-in page</span>
          </label>
          <p className="hint">Staff are matched by their verified email to an active account in this district; nobody new is created. Passwords keep working.</p>
        </div>
        <FormMessage
          error={save.isError ? (error?.fields.length ? `Check the highlighted fields: ${error.fields.map((f) => f.message).join('; ')}.` : errorMessage(save.error)) : undefined}
          success={save.isSuccess ? (save.data.enabled ? 'Saved. Single sign-on is on.' : 'Saved. Single sign-on is off.') : undefined}
        />
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? 'Checking the provider…' : 'Save'}
        </button>
      </form>
    </section>
  );
}
