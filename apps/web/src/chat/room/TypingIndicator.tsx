import { useNow } from '../../lib/use-now.ts';
import { typingUsernames } from '../state/typing.ts';
import { useTyping } from '../use-room-state.ts';
import { typingSentence } from './typing-sentence.ts';

/** "ann is typing…" for a few seconds after their last keystroke. Its line is always there: nothing jumps. */
export function TypingIndicator({ roomId }: { roomId: string }) {
  const typing = useTyping(roomId);
  const someone = Object.keys(typing).length > 0;
  const now = useNow(1_000, someone);
  const sentence = typingSentence(typingUsernames(typing, now));
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
