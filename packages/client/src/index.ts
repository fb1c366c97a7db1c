// @chat/client: the chat's SDK for TypeScript programs (Node and browsers).
export { createChatClient } from './client.ts';
export { ChatRequestError } from '@chat/contract/socket';
export type {
  ApiInputs,
  ApiOutputs,
  AppRouter,
  ChatClient,
  ChatClientEvents,
  ChatClientOptions,
  ChatEventType,
  ChatSocket,
  ChatSocketLogger,
  ChatSocketStatus,
  ErrorCode,
  EventOf,
  Message,
  PublicUser,
  Reaction,
  Room,
  RoomKind,
  RoomSummary,
  Session,
  User,
  WebSocketFactory,
  WebSocketLike,
} from './types.ts';
