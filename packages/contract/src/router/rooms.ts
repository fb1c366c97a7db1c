import * as z from 'zod/mini';
import { createRoomInput, roomSchema } from '../schemas.ts';
import { protectedProcedure, router } from '../trpc.ts';

export const roomsRouter = router({
  list: protectedProcedure
    .output(z.array(roomSchema))
    .query(({ ctx }) => ctx.services.rooms.list(ctx.principal)),
  create: protectedProcedure
    .input(createRoomInput)
    .output(roomSchema)
    .mutation(({ ctx, input }) => ctx.services.rooms.create(input, ctx.principal)),
});
