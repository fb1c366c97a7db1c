import { authResultSchema, loginInput, signupInput, userSchema } from '../schemas.ts';
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
});
