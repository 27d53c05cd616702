import { SelectField } from '@/components/form-fields';
import { Card, Field } from '@/components/ui';
import type { Ctx } from '@/server/context';
import { listParameters } from '@/server/parameters';
import type { Parameter } from '@/server/parameters/schemas';
import { StatusForm } from '../../../admin/_shared/status-form';
import { partTemplates } from '../../_lib/parameters';
import { type PartView, rowsOf } from '../../_lib/types';
import { createParameterAction, deleteParameterAction, updateParameterAction } from '../actions';
import { LOCAL, type PartPerms } from './perms';

/** The value input for a known template: a yes/no choice, its choices, or free text. */
function ValueInput({
  template,
  value,
  id,
}: {
  template: Parameter['template_detail'];
  value: string;
  id: string;
}) {
  const choices = template.choices
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (template.checkbox || choices.length) {
    const options = template.checkbox ? ['True', 'False'] : choices;
    return (
      <SelectField
        label="Value"
        name="data"
        id={id}
        options={(options.includes(value) || !value ? options : [value, ...options]).map((c) => ({
          value: c,
          label: c,
        }))}
        defaultValue={value}
      />
    );
  }
  return (
    <Field
      label={template.units ? `Value (${template.units})` : 'Value'}
      name="data"
      id={id}
      required
      maxLength={500}
      defaultValue={value}
    />
  );
}

/** The part's parameters; adding, editing and deleting them needs part.change on an unlocked part. */
export async function ParametersTab({ ctx, part, perms }: { ctx: Ctx; part: PartView; perms: PartPerms }) {
  const canEdit = perms.change && !part.locked;
  const [list, templates] = await Promise.all([
    listParameters(
      ctx,
      {
        model_type: 'part',
        model_id: part.pk,
        ordering: 'name',
        enabled: undefined,
        search_regex: false,
        search_whole: false,
      },
      LOCAL,
    ),
    canEdit ? partTemplates(ctx) : Promise.resolve([]),
  ]);
  const params = rowsOf<Parameter>(list);
  const used = new Set(params.map((p) => p.template));
  const free = templates.filter((t) => !used.has(t.pk));

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
      <Card title="Parameters" className="min-w-0">
        {params.length ? (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="parameter-list">
            {params.map((p) => (
              <li key={p.pk} className="py-2" data-testid="parameter-row">
                <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                  <span className="font-medium text-slate-800">{p.template_detail.name}</span>
                  <span data-testid="parameter-value">
                    {p.data}
                    {p.template_detail.units ? ` ${p.template_detail.units}` : ''}
                  </span>
                </div>
                {p.note ? <p className="text-xs text-slate-500">{p.note}</p> : null}
                {canEdit ? (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs text-brand-600">Edit</summary>
                    <div className="mt-2 flex flex-col gap-3 rounded-md bg-slate-50 p-3">
                      <StatusForm
                        action={updateParameterAction}
                        submitLabel="Save"
                        variant="secondary"
                        className="flex flex-col gap-2"
                        testId="parameter-edit-form"
                      >
                        <input type="hidden" name="id" value={p.pk} />
                        <ValueInput template={p.template_detail} value={p.data} id={`param-${p.pk}-data`} />
                        <Field
                          label="Note"
                          name="note"
                          id={`param-${p.pk}-note`}
                          maxLength={500}
                          defaultValue={p.note}
                        />
                      </StatusForm>
                      <StatusForm
                        action={deleteParameterAction}
                        submitLabel="Delete parameter"
                        variant="danger"
                        okText="Deleted."
                        className="flex flex-col gap-2"
                      >
                        <input type="hidden" name="id" value={p.pk} />
                      </StatusForm>
                    </div>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">No parameters.</p>
        )}
        {perms.change && part.locked ? (
          <p className="mt-3 text-sm text-slate-500">The part is locked: its parameters cannot be changed.</p>
        ) : null}
      </Card>
      {canEdit ? (
        <Card title="Add parameter">
          {free.length ? (
            <StatusForm
              action={createParameterAction}
              submitLabel="Add parameter"
              okText="Added."
              testId="parameter-form"
              className="flex flex-col gap-3"
            >
              <input type="hidden" name="model_id" value={part.pk} />
              <SelectField
                label="Template"
                name="template"
                id="new-param-template"
                required
                options={free.map((t) => ({
                  value: t.pk,
                  label: t.units ? `${t.name} (${t.units})` : t.name,
                }))}
              />
              <Field
                label="Value"
                name="data"
                id="new-param-data"
                required
                maxLength={500}
                hint="Checkbox templates take True or False; templates with choices take one of them."
              />
              <Field label="Note" name="note" id="new-param-note" maxLength={500} />
            </StatusForm>
          ) : (
            <p className="text-sm text-slate-500">
              {templates.length
                ? 'Every parameter template is already used on this part.'
                : 'No parameter templates exist yet (create them through /api/parameter/template/).'}
            </p>
          )}
        </Card>
      ) : null}
    </div>
  );
}
