import { FieldIssues } from '@chat/contract';
import { MessageChangeError, RoomChangeError, type RoomAccess, RoomNameTakenError } from '@chat/db';
import { TRPCError } from '@trpc/server';

/** Runs a store call and answers its refusals (which carry the contract's codes) as tRPC errors. */
export async function refusalsAsTrpc<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    // A taken room name points at the name field, as a schema failure would.
    if (err instanceof RoomNameTakenError) throw new TRPCError({ code: err.code, message: err.message, cause: new FieldIssues('name', err.message) });
    if (err instanceof MessageChangeError || err instanceof RoomChangeError) throw new TRPCError({ code: err.code, message: err.message, cause: err });
    throw err;
  }
}

/** roomAccess's answer, or its refusal as a tRPC error (FORBIDDEN for a public room, NOT_FOUND otherwise). */
export function granted(access: RoomAccess): Extract<RoomAccess, { ok: true }> {
  if (!access.ok) throw new TRPCError({ code: access.code, message: access.message });
  return access;
}
