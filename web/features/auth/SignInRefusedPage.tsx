import { getRouteApi, Link } from '@tanstack/react-router';
import { BrandHeader, PageTitle } from '../../lib/ui';

const route = getRouteApi('/sign-in/refused');

const REASONS: Record<string, { title: string; text: string }> = {
  unverified: {
    title: 'Your email address is not verified',
    text: 'Your identity provider did not confirm that the email address on your account is verified, so Rounds cannot tell whose account it is. Ask your district IT team to verify it, or sign in with your Rounds password.',
  },
  unknown: {
    title: 'There is no Rounds account for you',
    text: 'You signed in with your district account, but no active staff member in Rounds has that email address. Rounds accounts come from the district roster: ask your district Rounds administrator to add you.',
  },
  domain: {
    title: 'That email domain is not allowed',
    text: 'Your district accepts single sign-on only for its own email domains. Sign in with your work account, or ask your district Rounds administrator.',
  },
  expired: {
    title: 'The sign-in took too long or was interrupted',
    text: 'Single sign-on must be finished in the browser that started it, within 10 minutes. Start again from the sign-in page.',
  },
  provider_error: {
    title: 'Your identity provider did not sign you in',
    text: 'The sign-in was cancelled or the provider reported a problem. Try again; if it keeps happening, tell your district IT team.',
  },
  unavailable: {
    title: 'Single sign-on is not available right now',
    text: 'Rounds could not reach your district’s identity provider. Try again in a moment, or sign in with your Rounds password.',
  },
};

/** Why a single sign-on did not sign the user in; no account is ever created by one. */
export function SignInRefusedPage() {
  const { reason } = route.useSearch();
  const message = REASONS[reason ?? ''] ?? REASONS.provider_error!;
  return (
    <div className="signin-page">
      <BrandHeader />
      <main id="main" className="signin-main">
        <div className="card signin-card">
          <PageTitle title="Not signed in">Not signed in</PageTitle>
          <div className="notice notice-error" role="alert">
            <p className="notice-title">{message.title}</p>
            <p>{message.text}</p>
          </div>
          <Link to="/sign-in" className="button button-primary button-block">
            Back to sign-in
          </Link>
        </div>
      </main>
    </div>
  );
}
