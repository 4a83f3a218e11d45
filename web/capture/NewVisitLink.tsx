import type { MeResponse } from '../../schemas/auth';
import { OutboxStatus } from '../lib/OutboxStatus';
import './new-visit.css';
import { canCapture } from './roles';

/**
 * For the single-page app's home: the one-tap way into visit capture (a full-page link: the capture page is its
 * own small bundle), and what this device still has to send. Renders nothing for people who do not record visits.
 */
export function NewVisitLink({ school }: { school: MeResponse['schools'][number] }) {
  if (!canCapture(school)) return null;
  return (
    <div className="new-visit">
      <a className="button button-primary button-block new-visit-link" href={`/visits/new?school=${encodeURIComponent(school.id)}`}>
        <span aria-hidden="true">+</span> New visit
      </a>
      <OutboxStatus quietWhenEmpty />
    </div>
  );
}
