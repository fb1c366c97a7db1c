import { GENERAL_ROOM_ID } from '@chat/contract';

/** A room one cannot open: it does not exist, or it is private (or a DM) and one is not in it. The two look the same on purpose. */
export function RoomNotFound({ message, onGoHome }: { message: string; onGoHome: () => void }) {
  return (
    <div className="room-missing" role="status">
      <p>{message}</p>
      <button type="button" className="button button--primary" onClick={onGoHome}>
        Go to #{GENERAL_ROOM_ID}
      </button>
    </div>
  );
}
