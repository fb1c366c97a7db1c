import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { AuthScreen } from './auth/AuthScreen.tsx';
import { ChatScreen } from './chat/lazy-parts.ts';
import type { RuntimeConfig } from './config.ts';
import { SessionContext } from './session/session-context.ts';
import { createSessionStore } from './session/session-store.ts';
import { createApiClient, createQueryClient, TRPCProvider } from './trpc.ts';

export function App({ config }: { config: RuntimeConfig }) {
  const [sessionStore] = useState(() => createSessionStore(window.localStorage));
  const [queryClient] = useState(createQueryClient);
  const [apiClient] = useState(() =>
    createApiClient({
      url: config.apiUrl,
      token: () => sessionStore.get().session?.token,
      onUnauthorized: () => sessionStore.signOut('invalid'),
    }),
  );
  const { session, notice } = useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
  // After logging in or out (not on a page load) the new screen takes focus: what had it is gone.
  const signedInAtLoad = useRef(session !== null);
  const [screenChanged, setScreenChanged] = useState(false);
  if (!screenChanged && (session !== null) !== signedInAtLoad.current) setScreenChanged(true);

  // Nothing of one user's data outlives their session.
  useEffect(() => {
    if (!session) queryClient.clear();
  }, [session, queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={apiClient} queryClient={queryClient}>
        <SessionContext value={sessionStore}>
          {session ? (
            <Suspense fallback={null}>
              <ChatScreen key={session.token} session={session} wsUrl={config.wsUrl} takeFocus={screenChanged} />
            </Suspense>
          ) : (
            <AuthScreen notice={notice} takeFocus={screenChanged} />
          )}
        </SessionContext>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
