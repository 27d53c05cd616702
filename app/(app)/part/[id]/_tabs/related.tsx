import Link from 'next/link';
import { SelectField } from '@/components/form-fields';
import { Card, Field } from '@/components/ui';
import type { Ctx } from '@/server/context';
import { listRelated } from '@/server/partdata';
import { listParts } from '@/server/parts';
import { StatusForm } from '../../../admin/_shared/status-form';
import { type PartView, rowsOf } from '../../_lib/types';
import { createRelatedAction, deleteRelatedAction } from '../actions';
import { LOCAL, type PartPerms } from './perms';

interface RelatedView {
  pk: number;
  part_1: number;
  part_2: number;
  part_1_detail: { pk: number; full_name: string; description: string };
  part_2_detail: { pk: number; full_name: string; description: string };
  note: string;
}

/** Candidates offered in the "relate" select, by name. */
const CANDIDATES = 500;

/** Parts related to this one (either side of the pair); relating needs part.add, removing part.delete. */
export async function RelatedTab({ ctx, part, perms }: { ctx: Ctx; part: PartView; perms: PartPerms }) {
  const list = await listRelated(
    ctx,
    { part: String(part.pk), search_regex: false, search_whole: false },
    LOCAL,
  );
  const rows = rowsOf<RelatedView>(list);
  // Candidates: every other part not yet related (the already related ones excluded by id).
  const candidates = perms.add
    ? await listParts(
        ctx,
        {
          exclude_id: [part.pk, ...rows.map((r) => (r.part_1 === part.pk ? r.part_2 : r.part_1))],
          ordering: 'name',
          limit: String(CANDIDATES),
        },
        LOCAL,
      )
    : null;
  const options = candidates
    ? rowsOf<PartView>(candidates).map((p) => ({ value: p.pk, label: p.full_name }))
    : [];
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
      <Card title="Related parts" className="min-w-0">
        {rows.length ? (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="related-list">
            {rows.map((r) => {
              const other = r.part_1 === part.pk ? r.part_2_detail : r.part_1_detail;
              return (
                <li key={r.pk} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span>
                    <Link href={`/part/${other.pk}`} className="font-medium text-brand-600 underline">
                      {other.full_name}
                    </Link>
                    {r.note ? <span className="block text-xs text-slate-500">{r.note}</span> : null}
                  </span>
                  {perms.delete ? (
                    <StatusForm
                      action={deleteRelatedAction}
                      submitLabel="Remove"
                      variant="secondary"
                      okText="Removed."
                      className="flex items-center gap-2"
                    >
                      <input type="hidden" name="id" value={r.pk} />
                    </StatusForm>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">No related parts.</p>
        )}
      </Card>
      {perms.add ? (
        <Card title="Relate a part">
          {options.length ? (
            <StatusForm
              action={createRelatedAction}
              submitLabel="Add relation"
              okText="Added."
              testId="related-form"
              className="flex flex-col gap-3"
            >
              <input type="hidden" name="part_1" value={part.pk} />
              <SelectField label="Part" name="part_2" id="related-part" required options={options} />
              <Field label="Note" name="note" id="related-note" maxLength={500} />
            </StatusForm>
          ) : (
            <p className="text-sm text-slate-500">No other part to relate.</p>
          )}
        </Card>
      ) : null}
    </div>
  );
}
