import { getRouteApi } from '@tanstack/react-router';
import { PageTitle } from '../../lib/ui';
import { LookForsEditor } from './LookForsEditor';
import { editsLookFors, editsVisitSettings } from './roles';
import { SchoolGate } from './RoleGate';
import { VisitSettingsForm } from './VisitSettingsForm';
import { ConversationSettings } from '../conversations/SharingSettings';

const route = getRouteApi('/_app/schools/$schoolId/settings');

/** `/schools/{id}/settings`: the school's look-fors and visit settings (principal; assistant principals edit look-fors). */
export function SettingsPage() {
  const { schoolId } = route.useParams();
  return (
    <SchoolGate
      schoolId={schoolId}
      title="School settings"
      allow={editsLookFors}
      who="School settings are for the principal and assistant principals."
    >
      {(school) => (
        <>
          <PageTitle title="School settings" lead={school.name}>
            School settings
          </PageTitle>
          <LookForsEditor schoolId={school.id} canEdit={editsLookFors(school)} />
          <VisitSettingsForm schoolId={school.id} canEdit={editsVisitSettings(school)} />
          <ConversationSettings school={school} />
        </>
      )}
    </SchoolGate>
  );
}
