import { useMemo, type ReactNode } from 'react';
import { linkify } from '../../lib/linkify.ts';
import { splitMentions } from '../../lib/mentions.ts';

interface MessageTextProps {
  text: string;
  title: string;
  /** My username, when the server says the message mentions me: each `@me` in it is highlighted. */
  mentionOf?: string | undefined;
}

/** The text exactly as written (never parsed as HTML), with web addresses as links and mentions of me marked. */
export function MessageText({ text, title, mentionOf }: MessageTextProps) {
  const parts = useMemo(() => linkify(text), [text]);
  return (
    <p className="message__text" title={title}>
      {parts.map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : mentionOf ? (
          <MentionsOf key={i} text={part.text} username={mentionOf} />
        ) : (
          part.text
        ),
      )}
    </p>
  );
}

function MentionsOf({ text, username }: { text: string; username: string }): ReactNode {
  const me = username.toLowerCase();
  return splitMentions(text).map((part, i) =>
    part.kind === 'mention' && part.username.toLowerCase() === me ? (
      <mark key={i} className="mention mention--me">
        {part.text}
      </mark>
    ) : (
      part.text
    ),
  );
}
