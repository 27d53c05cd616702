import { Card, Table } from '@/components/ui';
import { listAttachments } from '@/server/attachments';
import type { Attachment } from '@/server/attachments/schemas';
import type { Ctx } from '@/server/context';
import { StatusForm } from '../../../admin/_shared/status-form';
import { AttachmentUpload } from '../../_components/attachment-upload';
import { type PartView, rowsOf } from '../../_lib/types';
import { deleteAttachmentAction } from '../actions';
import { LOCAL, type PartPerms } from './perms';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The part's files and links; files open through the protected /media route. */
export async function AttachmentsTab({ ctx, part, perms }: { ctx: Ctx; part: PartView; perms: PartPerms }) {
  const list = await listAttachments(
    ctx,
    {
      model_type: 'part',
      model_id: part.pk,
      ordering: '-upload_date',
      is_file: undefined,
      is_link: undefined,
      is_image: undefined,
      has_thumbnail: undefined,
      search_regex: false,
      search_whole: false,
    },
    LOCAL,
  );
  const rows = rowsOf<Attachment>(list);
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
      <Card title="Attachments" className="min-w-0">
        {rows.length ? (
          <div data-testid="attachment-table">
            <Table head={['Attachment', 'Comment', 'Uploaded', ...(perms.change ? [''] : [])]}>
              {rows.map((a) => (
                <tr key={a.pk} data-testid="attachment-row">
                  <td className="px-3 py-2">
                    {a.attachment ? (
                      <a
                        href={a.attachment}
                        target="_blank"
                        rel="noopener"
                        className="font-medium break-all text-brand-600 underline"
                      >
                        {a.filename}
                      </a>
                    ) : a.link ? (
                      <a
                        href={a.link}
                        target="_blank"
                        rel="noopener noreferrer"
                        className="font-medium break-all text-brand-600 underline"
                      >
                        {a.link}
                      </a>
                    ) : (
                      '—'
                    )}
                    {a.attachment ? (
                      <span className="block text-xs text-slate-500">{size(a.file_size)}</span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 text-slate-600">{a.comment || '—'}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                    {a.upload_date}
                    {a.user_detail ? <span className="block text-xs">{a.user_detail.username}</span> : null}
                  </td>
                  {perms.change ? (
                    <td className="px-3 py-2 text-right">
                      <StatusForm
                        action={deleteAttachmentAction}
                        submitLabel="Delete"
                        variant="secondary"
                        okText="Deleted."
                        className="flex flex-col items-end gap-1"
                      >
                        <input type="hidden" name="id" value={a.pk} />
                      </StatusForm>
                    </td>
                  ) : null}
                </tr>
              ))}
            </Table>
          </div>
        ) : (
          <p className="text-sm text-slate-500">No attachments.</p>
        )}
      </Card>
      {perms.change ? (
        <Card title="Add attachment">
          <AttachmentUpload partId={part.pk} />
        </Card>
      ) : null}
    </div>
  );
}
