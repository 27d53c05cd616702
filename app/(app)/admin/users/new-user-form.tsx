'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Button, Field } from '@/components/ui';
import { errorsFor } from '@/lib/form-action';
import { CheckboxList, FlagField } from '../_shared/fields';
import { echoed, echoedFlag } from '../_shared/form-values';
import { createUserAction, type NewUserState } from './actions';

export function NewUserForm({
  groups,
  canSetFlags,
}: {
  groups: { pk: number; name: string }[];
  canSetFlags: boolean;
}) {
  const [state, action, pending] = useActionState<NewUserState, FormData>(createUserAction, {});
  const v = state.values;
  const text = (name: string) => echoed(v, name);
  const flagHint = canSetFlags ? undefined : 'Only a superuser can grant this.';
  return (
    <form action={action} className="flex flex-col gap-3" data-testid="new-user-form">
      <Field
        label="Username"
        name="username"
        required
        maxLength={150}
        autoComplete="off"
        defaultValue={text('username')}
        error={errorsFor(state, 'username')}
      />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
        <Field
          label="First name"
          name="first_name"
          maxLength={150}
          autoComplete="off"
          defaultValue={text('first_name')}
          error={errorsFor(state, 'first_name')}
        />
        <Field
          label="Last name"
          name="last_name"
          maxLength={150}
          autoComplete="off"
          defaultValue={text('last_name')}
          error={errorsFor(state, 'last_name')}
        />
      </div>
      <Field
        label="Email"
        name="email"
        type="email"
        maxLength={254}
        autoComplete="off"
        defaultValue={text('email')}
        error={errorsFor(state, 'email')}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        maxLength={128}
        autoComplete="new-password"
        hint="At least 8 characters. Leave blank to set one later."
        error={errorsFor(state, 'password')}
      />
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <FlagField
          label="Staff"
          name="is_staff"
          defaultChecked={echoedFlag(v, 'is_staff', false)}
          disabled={!canSetFlags}
          hint={flagHint}
          error={errorsFor(state, 'is_staff')}
        />
        <FlagField
          label="Superuser"
          name="is_superuser"
          defaultChecked={echoedFlag(v, 'is_superuser', false)}
          disabled={!canSetFlags}
          hint={flagHint}
          error={errorsFor(state, 'is_superuser')}
        />
      </div>
      <CheckboxList
        legend="Groups"
        name="group_ids"
        options={groups.map((g) => ({ value: g.pk, label: g.name }))}
        checked={new Set(v?.group_ids ?? [])}
        error={errorsFor(state, 'group_ids')}
        empty="No groups exist yet."
      />
      {errorsFor(state, 'non_field_errors') || state.message ? (
        <p className="text-sm text-red-600" role="alert">
          {[...(errorsFor(state, 'non_field_errors') ?? []), state.message].filter(Boolean).join(' ')}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button disabled={pending}>Create user</Button>
        {state.ok && state.data ? (
          <span role="status" className="text-sm text-green-700" data-testid="user-created">
            Created{' '}
            <Link href={`/admin/users/${state.data.id}`} className="font-medium underline">
              {state.data.username}
            </Link>
            .
          </span>
        ) : null}
      </div>
    </form>
  );
}
