'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui';
import { sendForm } from './upload';

/** Uploads a new part image to `PATCH /api/part/<id>/` (multipart, streamed), then refreshes the page. */
export function ImageUpload({ partId }: { partId: number }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; errors: string[]; done: boolean }>({
    busy: false,
    errors: [],
    done: false,
  });
  return (
    <form
      className="flex flex-col gap-2"
      data-testid="image-upload"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const file = (form.elements.namedItem('image') as HTMLInputElement).files?.[0];
        if (!file) {
          setState({ busy: false, errors: ['Choose an image first.'], done: false });
          return;
        }
        setState({ busy: true, errors: [], done: false });
        const body = new FormData();
        body.append('image', file);
        const r = await sendForm(`/api/part/${partId}/`, 'PATCH', body);
        if (r.ok) {
          form.reset();
          setState({ busy: false, errors: [], done: true });
          router.refresh();
        } else {
          setState({ busy: false, errors: [...r.errors, ...Object.values(r.fields).flat()], done: false });
        }
      }}
    >
      <label htmlFor="image-file" className="text-sm font-medium text-slate-700">
        New image
      </label>
      <input
        id="image-file"
        name="image"
        type="file"
        accept="image/*"
        className="max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5"
      />
      <div className="flex items-center gap-3">
        <Button variant="secondary" disabled={state.busy}>
          {state.busy ? 'Uploading…' : 'Upload image'}
        </Button>
        {state.done ? (
          <span role="status" className="text-sm text-green-700">
            Image saved.
          </span>
        ) : null}
      </div>
      {state.errors.length ? (
        <p role="alert" className="text-sm text-red-600">
          {state.errors.join(' ')}
        </p>
      ) : null}
    </form>
  );
}
