import Link from 'next/link';
import { Badge, Table } from '@/components/ui';
import type { PartView } from '../_lib/types';

/** A compact list of parts (variants, revisions): name with thumbnail, IPN, description. */
export function PartMiniTable({ parts, testId }: { parts: PartView[]; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Table head={['Part', 'IPN', 'Description']}>
        {parts.map((p) => (
          <tr key={p.pk} data-testid="part-row">
            <td className="px-3 py-2">
              <span className="flex items-center gap-2">
                {/* biome-ignore lint/performance/noImgElement: protected media, served by our own route. */}
                <img
                  src={p.thumbnail}
                  alt=""
                  width={24}
                  height={24}
                  className="h-6 w-6 rounded object-contain"
                />
                <Link href={`/part/${p.pk}`} className="font-medium text-brand-600 underline">
                  {p.full_name}
                </Link>
                {p.active ? null : <Badge tone="red">inactive</Badge>}
              </span>
            </td>
            <td className="whitespace-nowrap px-3 py-2">{p.IPN || '—'}</td>
            <td className="px-3 py-2 text-slate-600">{p.description || '—'}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
