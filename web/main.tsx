import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppRouter } from './app/router';
import { ApiError } from './lib/api';
import { registerServiceWorker } from './lib/pwa';
import './styles.css';

/** A session that ended (expired, signed out elsewhere) sends the user to the sign-in page, then back. */
function onApiError(error: unknown) {
  if (!(error instanceof ApiError) || !error.isUnauthenticated) return;
  const { pathname, search } = window.location;
  if (pathname === '/sign-in') return;
  void router.navigate({ to: '/sign-in', search: { redirect: pathname + search } }).then(() => queryClient.clear());
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Client errors (not found, forbidden, signed out) will not fix themselves: retry only network and server errors.
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

const router = createAppRouter(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);

// Offline: the service worker keeps the app shell; visits captured offline are sent from here too.
registerServiceWorker();
void import('./lib/outbox').then((outbox) => outbox.startOutbox());
