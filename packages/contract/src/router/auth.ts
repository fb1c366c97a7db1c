import {
  authResultSchema,
  changePasswordInput,
  loginInput,
  logoutEverywhereSchema,
  signupInput,
  userSchema,
  wsTicketSchema,
} from '../schemas.ts';
import { protectedProcedure, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  signup: publicProcedure
    .input(signupInput)
    .output(authResultSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.signup(input, ctx.client)),
  login: publicProcedure
    .input(loginInput)
    .output(authResultSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.login(input, ctx.client)),
  me: protectedProcedure
    .output(userSchema)
    .query(({ ctx }) => ctx.services.auth.me(ctx.principal)),
  // No input parser: a body-less POST is then fine too (with one, tRPC would parse the empty
  // body as JSON and refuse it), and `{}` is ignored.
  wsTicket: protectedProcedure
    .output(wsTicketSchema)
    .mutation(({ ctx }) => ctx.services.auth.wsTicket(ctx.principal, ctx.token)),
  logoutEverywhere: protectedProcedure
    .output(logoutEverywhereSchema)
    .mutation(({ ctx }) => ctx.services.auth.logoutEverywhere(ctx.principal)),
  changePassword: protectedProcedure
    .input(changePasswordInput)
    .output(authResultSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.changePassword(input, ctx.principal)),
});
