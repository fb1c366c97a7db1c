import { router } from '../trpc.ts';
import { authRouter } from './auth.ts';
import { messagesRouter } from './messages.ts';
import { roomsRouter } from './rooms.ts';

export const appRouter = router({
  auth: authRouter,
  rooms: roomsRouter,
  messages: messagesRouter,
});

export type AppRouter = typeof appRouter;
