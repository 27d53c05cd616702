'use client';

import { useActionState } from 'react';
import { Button, Checkbox, Field } from '@/components/ui';
import { errorsFor, type FormState } from '@/lib/form-action';
import { CheckboxList, FlagField } from '../../_shared/fields';
import { echoed, echoedFlag, errorMessages } from '../../_shared/form-values';
import { type EditUserState, setPasswordAction, updateUserAction } from './actions';

export interface EditableUser {
  pk: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  is_active: boolean;
  is_staff: boolean;
  is_superuser: boolean;
  groups: { pk: number; name: string }[];
}

function FormErrors({ state, fields }: { state: FormState; fields: string[] }) {
  // Errors of fields without an input of their own (non_field_errors, unexpected keys), and messages.
  const rest: FormState = {
    message: state.message,
    errors: Object.fromEntries(Object.entries(state.errors ?? {}).filter(([k]) => !fields.includes(k))),
  };
  const messages = errorMessages(rest);
  return messages.length ? (
    <p className="text-sm text-red-600" role="alert">
      {messages.join(' ')}
    </p>
  ) : null;
}

const USER_FIELDS = [
  'username',
  'first_name',
  'last_name',
  'email',
  'is_active',
  'is_staff',
  'is_superuser',
  'group_ids',
];

export function EditUserForm({
  user,
  groups,
  canSetFlags,
  isSelf,
}: {
  user: EditableUser;
  groups: { pk: number; name: string }[];
  canSetFlags: boolean;
  isSelf: boolean;
}) {
  const [state, action, pending] = useActionState<EditUserState, FormData>(updateUserAction, {});
  const v = state.values;
  const text = (name: 'username' | 'first_name' | 'last_name' | 'email') => echoed(v, name, user[name]);
  const flag = (name: 'is_active' | 'is_staff' | 'is_superuser') => echoedFlag(v, name, user[name]);
  const groupIds = new Set(v ? (v.group_ids ?? []) : user.groups.map((g) => String(g.pk)));
  const flagHint = canSetFlags ? undefined : 'Only a superuser can change this.';
  return (
    <form action={action} className="flex flex-col gap-3" data-testid="user-edit-form">
      <input type="hidden" name="id" value={user.pk} />
      <Field
        label="Username"
        name="username"
        required
        maxLength={150}
        autoComplete="off"
        defaultValue={text('username')}
        error={errorsFor(state, 'username')}
      />
      <div className="grid gap-3 sm:grid-cols-2">
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
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <FlagField
          label="Active"
          name="is_active"
          defaultChecked={flag('is_active')}
          hint={isSelf ? 'This is your own account.' : 'Inactive users cannot sign in.'}
          error={errorsFor(state, 'is_active')}
        />
        <FlagField
          label="Staff"
          name="is_staff"
          defaultChecked={flag('is_staff')}
          disabled={!canSetFlags}
          hint={flagHint}
          error={errorsFor(state, 'is_staff')}
        />
        <FlagField
          label="Superuser"
          name="is_superuser"
          defaultChecked={flag('is_superuser')}
          disabled={!canSetFlags}
          hint={flagHint}
          error={errorsFor(state, 'is_superuser')}
        />
      </div>
      <CheckboxList
        legend="Groups"
        name="group_ids"
        options={groups.map((g) => ({ value: g.pk, label: g.name }))}
        checked={groupIds}
        error={errorsFor(state, 'group_ids')}
        empty="No groups exist yet."
        testId="user-groups"
      />
      <FormErrors state={state} fields={USER_FIELDS} />
      <div className="flex flex-wrap items-center gap-3">
        <Button disabled={pending}>Save changes</Button>
        {state.ok && !pending ? (
          <span role="status" className="text-sm text-green-700" data-testid="user-saved">
            Saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}

export function SetPasswordForm({ userId }: { userId: number }) {
  const [state, action, pending] = useActionState<FormState, FormData>(setPasswordAction, {});
  return (
    <form action={action} className="flex flex-col gap-3" data-testid="set-password-form">
      <input type="hidden" name="id" value={userId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="New password"
          name="password"
          id="f-new-password"
          type="password"
          required
          maxLength={128}
          autoComplete="new-password"
          error={errorsFor(state, 'password')}
        />
        <Field
          label="Repeat password"
          name="password_confirm"
          type="password"
          required
          maxLength={128}
          autoComplete="new-password"
          error={errorsFor(state, 'password_confirm')}
        />
      </div>
      <Checkbox name="override_warning" value="true" label="Accept a password that breaks the rules" />
      <FormErrors state={state} fields={['password', 'password_confirm']} />
      <div className="flex flex-wrap items-center gap-3">
        <Button disabled={pending}>Set password</Button>
        {state.ok && !pending ? (
          <span role="status" className="text-sm text-green-700" data-testid="password-saved">
            Password set; the user’s sessions were ended.
          </span>
        ) : null}
      </div>
    </form>
  );
}
