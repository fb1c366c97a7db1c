// A test's own sends over a plain WebSocket, as another user's client would make them.
import type { Message } from '@chat/contract';
import type WebSocket from 'ws';

/** Sends one message on an open socket and answers the stored message its ack carries. */
export function sendAndAck(ws: WebSocket, roomId: string, text: string, clientMsgId: string): Promise<Message> {
  return new Promise<Message>((resolve, reject) => {
    const onFrame = (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data)) as { type: string; clientMsgId?: string; message?: unknown };
      if (frame.clientMsgId !== clientMsgId) return;
      ws.off('message', onFrame);
      if (frame.type === 'ack') resolve(frame.message as Message);
      else reject(new Error(`send refused: ${String(frame.message)}`));
    };
    ws.on('message', onFrame);
    ws.send(JSON.stringify({ action: 'sendMessage', roomId, text, clientMsgId }));
  });
}
