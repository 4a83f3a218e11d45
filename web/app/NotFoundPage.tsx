import { Link } from '@tanstack/react-router';
import { useEffect } from 'react';
import { BrandHeader } from '../lib/ui';

/** Any address the app does not know. */
export function NotFoundPage() {
  useEffect(() => {
    document.title = 'Page not found · Rounds';
  }, []);
  return (
    <>
      <BrandHeader />
      <main id="main" className="standalone">
        <h1>Page not found</h1>
        <p>There is no page at this address. The link may be out of date.</p>
        <p>
          <Link to="/">Go to your home page</Link>
        </p>
      </main>
    </>
  );
}
