'use client';

import { useActionState } from 'react';
import { FormErrors, type Option, SelectField } from '@/components/form-fields';
import { Button, Field, LinkButton } from '@/components/ui';
import { errorsFor } from '@/lib/form-action';
import { FlagField } from '../../admin/_shared/fields';
import { echoed } from '../../admin/_shared/form-values';
import { type CategoryFormState, createCategoryAction, updateCategoryAction } from './actions';

export interface CategoryValues {
  pk?: number;
  name: string;
  description: string;
  parent: number | null;
  structural: boolean;
  icon: string;
  default_keywords: string | null;
}

/** New or edit category form; on success the action opens the category. */
export function CategoryForm({
  category,
  parents,
  cancelHref,
}: {
  category: CategoryValues;
  /** Possible parents (the category's own subtree left out), labelled by path. */
  parents: Option[];
  cancelHref: string;
}) {
  const isNew = category.pk === undefined;
  const [state, action, pending] = useActionState<CategoryFormState, FormData>(
    isNew ? createCategoryAction : updateCategoryAction,
    {},
  );
  const v = state.values;
  const text = (name: keyof CategoryValues, fallback: string | number | null) => echoed(v, name, fallback);
  return (
    <form action={action} className="flex flex-col gap-4" data-testid="category-form">
      {isNew ? null : <input type="hidden" name="id" value={category.pk} />}
      <Field
        label="Name"
        name="name"
        required
        maxLength={100}
        defaultValue={text('name', category.name)}
        error={errorsFor(state, 'name')}
      />
      <Field
        label="Description"
        name="description"
        maxLength={250}
        defaultValue={text('description', category.description)}
        error={errorsFor(state, 'description')}
      />
      <SelectField
        label="Parent category"
        name="parent"
        blank="— top level —"
        options={parents}
        defaultValue={String(text('parent', category.parent))}
        error={errorsFor(state, 'parent')}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Default keywords"
          name="default_keywords"
          maxLength={250}
          hint="Given to new parts in this category."
          defaultValue={text('default_keywords', category.default_keywords)}
          error={errorsFor(state, 'default_keywords')}
        />
        <Field
          label="Icon"
          name="icon"
          maxLength={100}
          hint="An icon name, e.g. ti:cpu:outline."
          defaultValue={text('icon', category.icon)}
          error={errorsFor(state, 'icon')}
        />
      </div>
      <FlagField
        label="Structural"
        name="structural"
        defaultChecked={v ? v.structural !== undefined : category.structural}
        hint="Parts cannot be put directly into a structural category, only into its subcategories."
        error={errorsFor(state, 'structural')}
      />
      <FormErrors messages={[...(errorsFor(state, 'non_field_errors') ?? []), state.message]} />
      <div className="flex flex-wrap gap-3">
        <Button disabled={pending}>{isNew ? 'Create category' : 'Save category'}</Button>
        <LinkButton href={cancelHref}>Cancel</LinkButton>
      </div>
    </form>
  );
}
