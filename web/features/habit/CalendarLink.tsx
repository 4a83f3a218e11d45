import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { api, errorMessage } from '../../lib/api';
import { FormMessage } from '../../lib/ui';
import type { CalendarFeed } from './api';

/** The private calendar subscription link: make it (again), copy it, and how to add it to Google Calendar or Outlook. */
export function CalendarLink() {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string>();
  const make = useMutation({
    mutationFn: () => api<CalendarFeed>('/api/calendar/feed', { method: 'POST' }),
    onSuccess: () => {
      setCopied(undefined);
      requestAnimationFrame(() => input.current?.select());
    },
  });

  const copy = async () => {
    const url = make.data?.url;
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Link copied. Paste it into your calendar app.');
    } catch {
      input.current?.select();
      setCopied('Copying was not allowed here: the link is selected, so press Ctrl+C (or ⌘C) to copy it.');
    }
  };

  return (
    <section aria-labelledby="calendar-heading" className="card section" id="calendar">
      <h2 id="calendar-heading">Your visit blocks in your calendar</h2>
      <p>
        A private link your calendar app subscribes to: your visit blocks then show in Google Calendar or Outlook and follow every change
        you save here.
      </p>
      {make.data ? (
        <>
          <div className="field">
            <label htmlFor={id}>Your calendar link</label>
            <p className="hint" id={`${id}-hint`}>
              Keep it to yourself: anyone with the link sees your blocks. Rounds shows it only now; if you lose it, make a new one.
            </p>
            <div className="copy-row">
              <input id={id} ref={input} type="url" readOnly value={make.data.url} aria-describedby={`${id}-hint`} onFocus={(e) => e.target.select()} />
              <button type="button" className="button button-primary" onClick={() => void copy()}>
                Copy
              </button>
            </div>
          </div>
          <p role="status" className="meta">
            {copied}
          </p>
        </>
      ) : null}
      <FormMessage error={make.isError ? errorMessage(make.error) : undefined} />
      <p>
        <button type="button" className="button button-secondary" onClick={() => make.mutate()} disabled={make.isPending}>
          {make.isPending ? 'Making the link…' : make.data ? 'Make a new link' : 'Make my calendar link'}
        </button>
      </p>
      <p className="hint">Making a new link stops any earlier one from working — useful if a link was shared by mistake.</p>
      <div className="how-to">
        <h3>Google Calendar</h3>
        <ol>
          <li>On a computer, open Google Calendar.</li>
          <li>Next to “Other calendars”, choose + and then “From URL”.</li>
          <li>Paste your link and choose “Add calendar”.</li>
        </ol>
        <h3>Outlook</h3>
        <ol>
          <li>In Outlook on the web, open the calendar and choose “Add calendar”.</li>
          <li>Choose “Subscribe from web”, paste your link and give it a name, such as Rounds visits.</li>
          <li>Choose “Import”.</li>
        </ol>
        <p className="hint">Calendar apps refresh subscribed calendars on their own schedule, from every few hours to once a day.</p>
      </div>
    </section>
  );
}
