import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="mb-2 text-2xl font-semibold">Permission denied</h1>
      <p className="mb-6 text-slate-600">You do not have permission to view this page.</p>
      <Link href="/" className="text-brand-600 underline">
        Back to the dashboard
      </Link>
    </main>
  );
}
