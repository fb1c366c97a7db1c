import { useNow } from '../../lib/use-now.ts';
import { useChat } from '../chat-context.ts';
import { typingSentence, typingUsernames } from '../state/chat-reducer.ts';
import { useChatSelector } from '../state/chat-store.ts';

/** "ann is typing…" for a few seconds after their last keystroke. Its line is always there: nothing jumps. */
export function TypingIndicator({ roomId }: { roomId: string }) {
  const { store } = useChat();
  const timeline = useChatSelector(store, (s) => s.rooms[roomId]);
  const someone = Object.keys(timeline?.typing ?? {}).length > 0;
  const now = useNow(1_000, someone);
  const sentence = typingSentence(typingUsernames(timeline, now));
  return (
    <div className="typing" data-testid="typing">
      {sentence && (
        <>
          <span className="typing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {sentence}
        </>
      )}
    </div>
  );
}
