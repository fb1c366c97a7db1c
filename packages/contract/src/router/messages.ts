import { deleteMessageInput, editMessageInput, historyQueryInput, messagePageSchema, messageSchema, reactInput } from '../schemas.ts';
import { protectedProcedure, router } from '../trpc.ts';

export const messagesRouter = router({
  list: protectedProcedure
    .input(historyQueryInput)
    .output(messagePageSchema)
    .query(({ ctx, input }) => ctx.services.messages.list(input, ctx.principal)),
  edit: protectedProcedure
    .input(editMessageInput)
    .output(messageSchema)
    .mutation(({ ctx, input }) => ctx.services.messages.edit(input, ctx.principal)),
  delete: protectedProcedure
    .input(deleteMessageInput)
    .output(messageSchema)
    .mutation(({ ctx, input }) => ctx.services.messages.delete(input, ctx.principal)),
  react: protectedProcedure
    .input(reactInput)
    .output(messageSchema)
    .mutation(({ ctx, input }) => ctx.services.messages.react(input, ctx.principal)),
});
