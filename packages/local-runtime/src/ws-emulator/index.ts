// The local API Gateway WebSocket emulator: generic over the Lambda handler it calls.
export { startWsEmulator } from './emulator.ts';
export type {
  WebSocketConnectEvent,
  WebSocketDisconnectEvent,
  WebSocketEvent,
  WebSocketHandler,
  WebSocketIdentity,
  WebSocketMessageEvent,
  WebSocketRequestContextBase,
  WsEmulator,
  WsEmulatorOptions,
} from './types.ts';
