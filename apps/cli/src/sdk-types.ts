// The entities the CLI shows, as the SDK exports them (the CLI names nothing of @chat/contract).
export type { Message, Room, RoomSummary, User, ChatSocketStatus as ConnectionStatus } from '@chat/client';
