// @chat/contract/router: the tRPC router the api serves (and tests call without HTTP).
import { router } from '../trpc.ts';
import { authRouter } from './auth.ts';
import { messagesRouter } from './messages.ts';
import { roomsRouter } from './rooms.ts';
import { usersRouter } from './users.ts';

export { createCallerFactory, type Context } from '../trpc.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  rooms: roomsRouter,
  messages: messagesRouter,
});

export type AppRouter = typeof appRouter;
