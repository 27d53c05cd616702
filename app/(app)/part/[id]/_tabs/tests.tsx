import { Badge, Card, Checkbox, Field, Table } from '@/components/ui';
import type { Ctx } from '@/server/context';
import { listTestTemplates } from '@/server/partdata';
import { StatusForm } from '../../../admin/_shared/status-form';
import { type PartView, rowsOf } from '../../_lib/types';
import { createTestTemplateAction, deleteTestTemplateAction } from '../actions';
import { LOCAL, type PartPerms } from './perms';

interface TestTemplateView {
  pk: number;
  key: string;
  part: number;
  test_name: string;
  description: string | null;
  enabled: boolean;
  required: boolean;
  requires_value: boolean;
  requires_attachment: boolean;
  choices: string;
}

/** Test templates of a testable part, with those inherited from its template parts. */
export async function TestsTab({ ctx, part, perms }: { ctx: Ctx; part: PartView; perms: PartPerms }) {
  if (!part.testable) {
    return (
      <Card title="Test templates">
        <p className="text-sm text-slate-500">
          This part is not testable. Mark it “Testable” to record test templates against it.
        </p>
      </Card>
    );
  }
  const list = await listTestTemplates(
    ctx,
    {
      part: String(part.pk),
      include_inherited: true,
      enabled: undefined,
      required: undefined,
      requires_value: undefined,
      requires_attachment: undefined,
      has_results: undefined,
      search_regex: false,
      search_whole: false,
    },
    LOCAL,
  );
  const rows = rowsOf<TestTemplateView>(list);
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
      <Card title="Test templates" className="min-w-0">
        {rows.length ? (
          <div data-testid="test-template-table">
            <Table head={['Test', 'Requirements', ...(perms.delete ? [''] : [])]}>
              {rows.map((t) => (
                <tr key={t.pk}>
                  <td className="px-3 py-2">
                    <span className="font-medium">{t.test_name}</span>
                    <span className="ml-2 font-mono text-xs text-slate-500">{t.key}</span>
                    {t.description ? (
                      <span className="block text-xs text-slate-500">{t.description}</span>
                    ) : null}
                    {t.part !== part.pk ? (
                      <span className="block text-xs text-slate-500">Inherited</span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    <span className="flex flex-wrap gap-1">
                      {t.enabled ? null : <Badge tone="red">disabled</Badge>}
                      {t.required ? <Badge tone="amber">required</Badge> : null}
                      {t.requires_value ? <Badge>value</Badge> : null}
                      {t.requires_attachment ? <Badge>attachment</Badge> : null}
                      {t.choices ? <Badge>choices: {t.choices}</Badge> : null}
                    </span>
                  </td>
                  {perms.delete ? (
                    <td className="px-3 py-2 text-right">
                      {t.part === part.pk ? (
                        <StatusForm
                          action={deleteTestTemplateAction}
                          submitLabel="Delete"
                          variant="secondary"
                          okText="Deleted."
                          className="flex flex-col items-end gap-1"
                        >
                          <input type="hidden" name="id" value={t.pk} />
                        </StatusForm>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </Table>
          </div>
        ) : (
          <p className="text-sm text-slate-500">No test templates.</p>
        )}
      </Card>
      {perms.add ? (
        <Card title="Add test template">
          <StatusForm
            action={createTestTemplateAction}
            submitLabel="Add test"
            okText="Added."
            testId="test-template-form"
            className="flex flex-col gap-3"
          >
            <input type="hidden" name="part" value={part.pk} />
            <Field label="Test name" name="test_name" id="test-name" required maxLength={100} />
            <Field label="Description" name="description" id="test-description" maxLength={100} />
            <Field
              label="Choices"
              name="choices"
              id="test-choices"
              maxLength={5000}
              hint="Comma-separated valid results (optional)."
            />
            <div className="grid grid-cols-2 gap-2">
              <Checkbox label="Enabled" name="enabled" value="true" defaultChecked />
              <Checkbox label="Required" name="required" value="true" defaultChecked />
              <Checkbox label="Requires value" name="requires_value" value="true" />
              <Checkbox label="Requires attachment" name="requires_attachment" value="true" />
            </div>
          </StatusForm>
        </Card>
      ) : null}
    </div>
  );
}
