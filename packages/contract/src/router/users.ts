import * as z from 'zod/mini';
import { publicUserSchema, searchUsersInput } from '../schemas.ts';
import { protectedProcedure, router } from '../trpc.ts';

export const usersRouter = router({
  search: protectedProcedure
    .input(searchUsersInput)
    .output(z.array(publicUserSchema))
    .query(({ ctx, input }) => ctx.services.users.search(input, ctx.principal)),
});
