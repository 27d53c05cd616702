import { objectHistory } from '@/server/audit/audit';
import type { Ctx } from '@/server/context';
import { Card } from './ui';

const show = (v: unknown) =>
  v === null || v === undefined || v === '' ? '∅' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/**
 * "History" panel for a detail page: the audit trail of one object (server component).
 * Shown to staff; others see nothing (the trail can name other users).
 */
export async function HistoryPanel({
  ctx,
  model,
  objectId,
}: {
  ctx: Ctx;
  model: string;
  objectId: number | string;
}) {
  if (!ctx.actor.isStaff && !ctx.actor.isSuperuser) return null;
  const entries = await objectHistory(ctx, model, objectId);
  return (
    <Card title="History">
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">No recorded changes.</p>
      ) : (
        <ol className="flex flex-col gap-3 text-sm" data-testid="history">
          {entries.map((e) => (
            <li key={e.pk} className="border-l-2 border-slate-200 pl-3" data-testid="history-entry">
              <p className="text-slate-600">
                <span className="font-medium text-slate-800">{e.user_detail?.username ?? 'system'}</span>{' '}
                {e.action}d · {e.date}
              </p>
              {e.action === 'update' ? (
                <ul className="mt-1 text-xs text-slate-600">
                  {Object.entries(e.changes).map(([field, [before, after]]) => (
                    <li key={field}>
                      <code>{field}</code>: {show(before)} → {show(after)}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
