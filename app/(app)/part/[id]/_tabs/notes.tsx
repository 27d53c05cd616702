import { Card, LinkButton } from '@/components/ui';
import { renderMarkdownSafe } from '@/server/partdata';
import { NotesForm } from '../../_components/notes-form';
import type { PartView } from '../../_lib/types';
import type { PartPerms } from './perms';

/** Typography for rendered markdown (no plugin): headings, lists, code, tables, quotes. */
const prose =
  'text-sm leading-relaxed text-slate-800 [&_a]:text-brand-600 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-slate-200 [&_blockquote]:pl-3 [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_h1]:mt-4 [&_h1]:text-xl [&_h1]:font-semibold [&_h2]:mt-4 [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:mt-3 [&_h3]:font-semibold [&_img]:max-w-full [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-3 [&_table]:my-2 [&_td]:border [&_td]:border-slate-200 [&_td]:px-2 [&_th]:border [&_th]:border-slate-200 [&_th]:px-2 [&_ul]:list-disc [&_ul]:pl-5';

/** The part's markdown notes, rendered through InvenTree's allow-list; editable with part.change. */
export function NotesTab({ part, perms, editing }: { part: PartView; perms: PartPerms; editing: boolean }) {
  const canEdit = perms.change && !part.locked;
  if (editing && canEdit) {
    return (
      <Card title="Edit notes">
        <NotesForm partId={part.pk} notes={part.notes ?? ''} />
      </Card>
    );
  }
  return (
    <Card title="Notes">
      {part.notes ? (
        <div
          className={prose}
          data-testid="part-notes"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderMarkdownSafe (allow-list).
          dangerouslySetInnerHTML={{ __html: renderMarkdownSafe(part.notes) }}
        />
      ) : (
        <p className="text-sm text-slate-500">No notes.</p>
      )}
      {canEdit ? (
        <div className="mt-4">
          <LinkButton href={`/part/${part.pk}?tab=notes&edit=1`}>Edit notes</LinkButton>
        </div>
      ) : null}
    </Card>
  );
}
