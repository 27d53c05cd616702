import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { clientIp } from '@/server/auth/authenticate';
import { checkCredentials } from '@/server/auth/credentials';
import { createSession, endSession, SESSION_MAX_AGE_SECONDS } from '@/server/auth/sessions';

class ThrottledSignin extends CredentialsSignin {
  code = 'throttled';
}

declare module 'next-auth' {
  interface User {
    sid?: string;
  }
}

/**
 * Auth.js for the UI: a username/password sign-in whose JWT cookie names a server-side session row,
 * so sessions can be listed and ended (deactivating a user ends them all). The REST API reads the
 * same cookie in `server/auth/authenticate.ts`. Mounted at /auth, away from InvenTree's /api/auth/v1/.
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  basePath: '/auth',
  trustHost: true,
  secret: process.env.AUTH_SECRET,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login' },
  providers: [
    Credentials({
      credentials: { username: { label: 'Username' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const username = String(credentials?.username ?? '');
        const password = String(credentials?.password ?? '');
        if (!username || !password) return null;
        try {
          const ip = clientIp(request.headers);
          const userId = await checkCredentials(db, username, password, ip);
          const sid = await createSession(db, userId, { userAgent: request.headers.get('user-agent'), ip });
          return { id: String(userId), sid };
        } catch (err) {
          if (err instanceof AppError && err.code === 'throttled') throw new ThrottledSignin();
          if (err instanceof AppError) return null;
          throw err;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.sid) token.sid = user.sid;
      return token;
    },
    session({ session, token }) {
      return { ...session, sid: token.sid as string | undefined };
    },
  },
  events: {
    async signOut(message) {
      const sid = 'token' in message ? (message.token?.sid as string | undefined) : undefined;
      if (sid) await endSession(db, sid);
    },
  },
});
