import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startOutbox } from '../lib/outbox';
import { registerServiceWorker } from '../lib/pwa';
import { CaptureApp } from './CaptureApp';
import '../styles.css';
import './capture.css';

// The capture page is its own small entry (no router, no query cache): fast to load on a phone, and offline.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CaptureApp />
  </StrictMode>,
);
startOutbox();
registerServiceWorker();
