// tRPC over HTTP, typed by the contract, through TanStack Query (`useTRPC()` in components).
import type { AppRouter } from '@chat/contract';
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpLink, type TRPCLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { observable } from '@trpc/server/observable';
import { isApiError } from './lib/errors.ts';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Procedures that answer UNAUTHORIZED for wrong credentials, not for a bad session. */
const credentialChecks = new Set(['auth.login', 'auth.signup']);

/** Ends the session when the server no longer accepts its token. */
function sessionGuardLink(onUnauthorized: () => void): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) =>
        next(op).subscribe({
          next: (value) => observer.next(value),
          error: (err) => {
            if (err.data?.code === 'UNAUTHORIZED' && !credentialChecks.has(op.path)) onUnauthorized();
            observer.error(err);
          },
          complete: () => observer.complete(),
        }),
      );
}

export function createApiClient(options: { url: string; token: () => string | undefined; onUnauthorized: () => void }) {
  return createTRPCClient<AppRouter>({
    links: [
      sessionGuardLink(options.onUnauthorized),
      httpLink({
        url: options.url,
        headers: () => {
          const token = options.token();
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A 4xx will not get better by asking again; a network failure or a 5xx might.
        retry: (failures, err) => failures < 2 && !(isApiError(err) && err.data && err.data.httpStatus < 500),
      },
      mutations: { retry: false },
    },
  });
}
