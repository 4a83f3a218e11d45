import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, seg } from '../../lib/api';
import type { MySchool } from '../../lib/session';
import { Field, FormMessage, QueryView } from '../../lib/ui';
import { sharingSettingsQuery, type VisitSettings } from './api';
import { GuidingQuestionsEditor } from './GuidingQuestionsEditor';
import './conversations.css';

type Sharing = Pick<VisitSettings, 'shareMode' | 'coachVisibility' | 'followUpDays'>;

/** For the school settings page: how evidence reaches teachers, who reads visits, follow-up, and the question library. */
export function ConversationSettings({ school }: { school: MySchool }) {
  const principal = school.roles.includes('principal');
  const canEditLibrary = principal || school.roles.includes('assistant_principal');
  return (
    <>
      <SharingSettings schoolId={school.id} canEdit={principal} />
      <GuidingQuestionsEditor schoolId={school.id} canAdd={canEditLibrary || school.roles.includes('coach')} canDelete={canEditLibrary} />
    </>
  );
}

function SharingSettings({ schoolId, canEdit }: { schoolId: string; canEdit: boolean }) {
  const query = useQuery(sharingSettingsQuery(schoolId));
  return (
    <section aria-labelledby="sharing-heading" className="card section">
      <h2 id="sharing-heading">Sharing and follow-up</h2>
      <QueryView query={query} what="sharing settings">
        {(settings) => <SharingForm schoolId={schoolId} settings={pick(settings)} canEdit={canEdit} />}
      </QueryView>
    </section>
  );
}

const pick = (s: VisitSettings): Sharing => ({ shareMode: s.shareMode, coachVisibility: s.coachVisibility, followUpDays: s.followUpDays });

function SharingForm({ schoolId, settings, canEdit }: { schoolId: string; settings: Sharing; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [shareMode, setShareMode] = useState(settings.shareMode);
  const [coachVisibility, setCoachVisibility] = useState(settings.coachVisibility);
  const [days, setDays] = useState(String(settings.followUpDays));
  const [daysError, setDaysError] = useState<string>();
  const [saved, setSaved] = useState(false);

  const save = useMutation({
    mutationFn: (body: Sharing) => api<VisitSettings>(`/api/schools/${seg(schoolId)}/visit-settings`, { method: 'PUT', json: body }),
    onSuccess: (next) => {
      // Only the values this form sent change; the other settings form keeps whatever its user is typing.
      queryClient.setQueryData(sharingSettingsQuery(schoolId).queryKey, next);
      void queryClient.invalidateQueries({ queryKey: ['follow-up', schoolId] });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 60) {
      setDaysError('Use a whole number of days from 1 to 60');
      return;
    }
    setDaysError(undefined);
    save.mutate({ shareMode, coachVisibility, followUpDays: n }, { onSuccess: () => setSaved(true) });
  };

  const error = save.error instanceof ApiError ? save.error : undefined;
  return (
    <form onSubmit={onSubmit} noValidate>
      <fieldset className="loop-choices" disabled={!canEdit}>
        <legend>When does the teacher see the evidence?</legend>
        <label className="check">
          <input type="radio" name="shareMode" value="immediate" checked={shareMode === 'immediate'} onChange={() => setShareMode('immediate')} />
          <span>
            As soon as the visit is saved <span className="hint">(recommended: evidence never waits)</span>
          </span>
        </label>
        <label className="check">
          <input type="radio" name="shareMode" value="held" checked={shareMode === 'held'} onChange={() => setShareMode('held')} />
          <span>When the leader shares it, with a guiding question</span>
        </label>
      </fieldset>
      <fieldset className="loop-choices" disabled={!canEdit}>
        <legend>Which visits do coaches read?</legend>
        <label className="check">
          <input type="radio" name="coachVisibility" value="school" checked={coachVisibility === 'school'} onChange={() => setCoachVisibility('school')} />
          <span>Every visit in the school</span>
        </label>
        <label className="check">
          <input type="radio" name="coachVisibility" value="own" checked={coachVisibility === 'own'} onChange={() => setCoachVisibility('own')} />
          <span>Only the visits they recorded</span>
        </label>
      </fieldset>
      <Field
        label="Follow up after (days)"
        hint="A shared visit with no conversation after this many days appears on the leader’s follow-up list."
        type="number"
        inputMode="numeric"
        min={1}
        max={60}
        value={days}
        onChange={(e) => setDays(e.target.value)}
        readOnly={!canEdit}
        error={daysError ?? error?.fieldMessage('followUpDays')}
      />
      {canEdit ? (
        <>
          <FormMessage
            error={save.isError ? (error?.fields.length ? 'Check the highlighted fields.' : errorMessage(save.error)) : undefined}
            success={saved ? 'Sharing settings saved.' : undefined}
          />
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save sharing settings'}
          </button>
        </>
      ) : (
        <p className="meta">Only the principal changes how visits are shared and followed up.</p>
      )}
    </form>
  );
}
