import * as z from 'zod/mini';
import {
  browseRoomsInput,
  createRoomInput,
  inviteInput,
  markReadInput,
  openDmInput,
  publicUserSchema,
  readStateSchema,
  roomPageSchema,
  roomRefInput,
  roomSchema,
  roomSummarySchema,
  updateRoomInput,
} from '../schemas.ts';
import { protectedProcedure, router } from '../trpc.ts';

export const roomsRouter = router({
  list: protectedProcedure
    .output(z.array(roomSummarySchema))
    .query(({ ctx }) => ctx.services.rooms.list(ctx.principal)),
  browse: protectedProcedure
    .input(browseRoomsInput)
    .output(roomPageSchema)
    .query(({ ctx, input }) => ctx.services.rooms.browse(input, ctx.principal)),
  create: protectedProcedure
    .input(createRoomInput)
    .output(roomSchema)
    .mutation(({ ctx, input }) => ctx.services.rooms.create(input, ctx.principal)),
  join: protectedProcedure
    .input(roomRefInput)
    .output(roomSchema)
    .mutation(({ ctx, input }) => ctx.services.rooms.join(input, ctx.principal)),
  leave: protectedProcedure
    .input(roomRefInput)
    .output(z.object({ roomId: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.rooms.leave(input, ctx.principal)),
  invite: protectedProcedure
    .input(inviteInput)
    .output(z.object({ roomId: z.string(), userId: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.rooms.invite(input, ctx.principal)),
  openDm: protectedProcedure
    .input(openDmInput)
    .output(roomSchema)
    .mutation(({ ctx, input }) => ctx.services.rooms.openDm(input, ctx.principal)),
  update: protectedProcedure
    .input(updateRoomInput)
    .output(roomSchema)
    .mutation(({ ctx, input }) => ctx.services.rooms.update(input, ctx.principal)),
  members: protectedProcedure
    .input(roomRefInput)
    .output(z.array(publicUserSchema))
    .query(({ ctx, input }) => ctx.services.rooms.members(input, ctx.principal)),
  markRead: protectedProcedure
    .input(markReadInput)
    .output(readStateSchema)
    .mutation(({ ctx, input }) => ctx.services.rooms.markRead(input, ctx.principal)),
});
