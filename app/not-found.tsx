import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-4 py-16 text-center">
      <h1 className="mb-2 text-2xl font-semibold">Not found</h1>
      <p className="mb-6 text-slate-600">There is nothing at this address.</p>
      <Link href="/" className="text-brand-600 underline">
        Back to the dashboard
      </Link>
    </main>
  );
}
