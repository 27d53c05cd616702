import { Card, LinkButton } from '@/components/ui';
import type { Ctx } from '@/server/context';
import { listParts } from '@/server/parts';
import { PartMiniTable } from '../../_components/part-mini-table';
import { countOf, type PartView, rowsOf } from '../../_lib/types';
import { LOCAL, type PartPerms } from './perms';

const SHOWN = 100;

/** The variants of a template part and the revisions of a part (one list call each). */
export async function VariantsTab({ ctx, part, perms }: { ctx: Ctx; part: PartView; perms: PartPerms }) {
  const query = { ordering: 'name', limit: String(SHOWN) };
  const [variants, revisions] = await Promise.all([
    part.is_template ? listParts(ctx, { ...query, variant_of: part.pk }, LOCAL) : null,
    part.revision_count ? listParts(ctx, { ...query, revision_of: part.pk }, LOCAL) : null,
  ]);
  return (
    <div className="flex flex-col gap-6">
      {variants ? (
        <Card title={`Variants (${countOf(variants)})`}>
          {countOf(variants) ? (
            <PartMiniTable parts={rowsOf<PartView>(variants)} testId="variant-table" />
          ) : (
            <p className="text-sm text-slate-500">No variants yet.</p>
          )}
          {countOf(variants) > SHOWN ? (
            <p className="mt-2 text-sm text-slate-500">The first {SHOWN} are shown.</p>
          ) : null}
          {perms.add ? (
            <div className="mt-4">
              <LinkButton
                href={`/part/new?variant_of=${part.pk}${part.category ? `&category=${part.category}` : ''}`}
              >
                New variant
              </LinkButton>
            </div>
          ) : null}
        </Card>
      ) : null}
      {revisions ? (
        <Card title={`Revisions (${countOf(revisions)})`}>
          <PartMiniTable parts={rowsOf<PartView>(revisions)} testId="revision-table" />
        </Card>
      ) : null}
    </div>
  );
}
