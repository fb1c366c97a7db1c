import { historyQueryInput, messagePageSchema } from '../schemas.ts';
import { protectedProcedure, router } from '../trpc.ts';

export const messagesRouter = router({
  list: protectedProcedure
    .input(historyQueryInput)
    .output(messagePageSchema)
    .query(({ ctx, input }) => ctx.services.messages.list(input, ctx.principal)),
});
