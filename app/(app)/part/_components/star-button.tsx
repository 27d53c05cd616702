/** A one-button form that stars or unstars an object (a plain form post: works without JavaScript). */
export function StarButton({
  action,
  id,
  starred,
  what,
}: {
  action: (form: FormData) => Promise<void>;
  id: number;
  starred: boolean;
  what: string;
}) {
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="starred" value={starred ? 'false' : 'true'} />
      <button
        type="submit"
        aria-pressed={starred}
        title={starred ? `Unsubscribe from this ${what}` : `Subscribe to this ${what}`}
        className={`inline-flex items-center gap-1 rounded-md border px-3 py-2 text-sm font-medium ${starred ? 'border-amber-300 bg-amber-50 text-amber-800' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
      >
        <span aria-hidden="true">{starred ? '★' : '☆'}</span>
        {starred ? 'Starred' : 'Star'}
      </button>
    </form>
  );
}
