import { useMemo } from 'react';
import { linkify } from '../../lib/linkify.ts';

/** The text exactly as written (never parsed as HTML), with web addresses as links. */
export function MessageText({ text, title }: { text: string; title: string }) {
  const parts = useMemo(() => linkify(text), [text]);
  return (
    <p className="message__text" title={title}>
      {parts.map((part, i) =>
        part.kind === 'link' ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}
