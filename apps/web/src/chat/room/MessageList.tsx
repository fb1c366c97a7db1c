// The open room's messages. Keeps the view still: pinned to the bottom while you are there,
// untouched when something arrives while you read further up (a "new messages" button shows
// instead), and anchored to a row on screen when older pages load above as you scroll back.
// Only the rows on screen (and a few around them) are in the DOM (@tanstack/react-virtual), so a
// long history costs what a short one does; the view's stillness is kept by the DOM itself
// (scroll-anchor.ts), which sees the rows as they really are, not as estimated. Shown while the
// tab is visible, the room is being read (marked read); what was unread when it opened stays
// marked by a "New messages" divider until the room is left.
import type { Message } from '@chat/contract';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type FocusEvent } from 'react';
import { useChat } from '../chat-context.ts';
import { ArrowDownIcon } from '../icons.tsx';
import { useReadTracking } from '../use-read-state.ts';
import { DayDivider } from './DayDivider.tsx';
import { HistoryEdge } from './HistoryEdge.tsx';
import { MessageRow } from './MessageRow.tsx';
import { NewMessagesDivider } from './NewMessagesDivider.tsx';
import { toRows, type MessageRowModel } from './message-rows.ts';
import { findAnchor, restoreAnchor, type ScrollAnchor } from './scroll-anchor.ts';
import { firstUnread } from './unread-divider.ts';
import { useRoomHistory } from './use-room-history.ts';

interface MessageListProps {
  roomId: string;
  /** How text names the room: "#design", or a DM's people. */
  roomLabel: string;
  /** Puts a failed message's text back into the composer. */
  onEdit: (text: string) => void;
  /** Opens the thread of a first message. */
  onOpenThread: (parentId: string) => void;
}

/** Closer than this to the bottom counts as "at the bottom". */
const PIN_SLACK_PX = 48;
/** Closer than this to the top loads the next older page. */
const LOAD_OLDER_PX = 600;
/** Rows rendered beyond each edge of the view: keyboard and wheel scrolling find them ready. */
const OVERSCAN = 8;
/** A row holding focus stays rendered while the view scrolls up to this many rows away from it. */
const KEEP_FOCUSED_ROWS = 100;

/** A first guess at a row's height, until it is measured. */
function estimateSize(row: MessageRowModel): number {
  if (row.kind === 'day' || row.kind === 'unread') return 40;
  return row.startsGroup ? 64 : 28;
}

/** A row's height with its margins (the list is a flex column: margins add up, never collapse). */
function measureRow(el: Element): number {
  const style = getComputedStyle(el);
  return el.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
}

export function MessageList({ roomId, roomLabel, onEdit, onOpenThread }: MessageListProps) {
  const { controller, self } = useChat();
  const history = useRoomHistory(roomId);
  const { messages, stored, atStart } = history;
  const unreadAtOpen = useReadTracking(roomId, stored, history.loading !== 'latest' && history.error === null);
  const firstUnreadId = useFirstUnreadId(stored, self.id, unreadAtOpen, atStart);
  const rows = useMemo(() => toRows(messages, { firstUnreadId }), [messages, firstUnreadId]);
  /** Replies show a quote of the message they answer. */
  const byId = useMemo(() => new Map(history.stored.map((m) => [m.id, m])), [history.stored]);

  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const listBox = useRef<HTMLDivElement>(null);
  /** Where the list starts inside the scroller (below the history edge). */
  const [listTop, setListTop] = useState(0);
  /** The row holding focus (a toolbar button, the editor): unmounting it would drop focus on the page. */
  const focusedKey = useRef<string | null>(null);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      const key = focusedKey.current;
      const at = key === null ? -1 : rows.findIndex((row) => row.key === key);
      const first = indexes[0] ?? 0;
      const last = indexes.at(-1) ?? 0;
      // Contiguous, so the rows stay in one flow: every row from the focused one to the view.
      if (at >= 0 && at < first && first - at <= KEEP_FOCUSED_ROWS) return [...Array.from({ length: first - at }, (_, i) => at + i), ...indexes];
      if (at > last && at - last <= KEEP_FOCUSED_ROWS) return [...indexes, ...Array.from({ length: at - last }, (_, i) => last + 1 + i)];
      return indexes;
    },
    [rows],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => estimateSize(rows[index]!),
    getItemKey: (index) => rows[index]!.key,
    measureElement: measureRow,
    overscan: OVERSCAN,
    rangeExtractor,
    scrollMargin: listTop,
    // A room opens at its newest message: render the last rows first, not the first ones.
    initialOffset: Number.MAX_SAFE_INTEGER,
  });
  // The view's position is kept from the DOM (settle, below), not by the estimates.
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = () => false;

  /** At the bottom: new messages keep the view at the bottom. */
  const pinned = useRef(true);
  /** Otherwise: the row on screen that stays put while things change around it. */
  const anchor = useRef<ScrollAnchor | null>(null);
  /** Where the last scroll this list made itself went: its scroll event is not the reader's. */
  const ownScroll = useRef<number | null>(null);
  /** The anchor was last scrolled to from the virtualizer's measurements, not yet from the DOM. */
  const estimated = useRef(false);
  const lastKey = useRef<string | undefined>(undefined);
  const [newBelow, setNewBelow] = useState(0);

  /** Puts the view back where the reader had it (or at the bottom), then remembers it again. */
  const settle = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    if (listBox.current) setListTop(listBox.current.offsetTop);
    const before = el.scrollTop;
    if (pinned.current) el.scrollTop = el.scrollHeight;
    else if (anchor.current && !restoreAnchor(el, anchor.current)) {
      // Not rendered: older rows just arrived above it, and the list still renders what was at
      // this offset before. Scroll to where the virtualizer puts it; once rendered, the DOM corrects
      // (the render after this scroll settles again, below).
      const { key, offset } = anchor.current;
      const { count, getItemKey } = virtualizer.options;
      for (let index = 0; index < count; index++) {
        if (getItemKey(index) !== key) continue;
        const item = virtualizer.measurementsCache[index];
        if (item) virtualizer.scrollToOffset(item.start - offset);
        if (el.scrollTop !== before) ownScroll.current = el.scrollTop;
        estimated.current = true;
        return; // the anchor stays for that correction
      }
    }
    estimated.current = false;
    if (el.scrollTop !== before) ownScroll.current = el.scrollTop;
    anchor.current = pinned.current ? null : findAnchor(el);
  }, [virtualizer]);

  const scrollToBottom = useCallback(() => {
    pinned.current = true;
    setNewBelow(0);
    settle();
  }, [settle]);

  // The rows an estimated scroll renders may all be measured already, so no size changes and
  // nothing else settles: the estimate (a few px off when a row changed since it was measured)
  // would stay. Every render settles until the DOM has put the anchor back (before the effect
  // below, so a commit whose own settle made the estimate does not repeat it at once).
  useLayoutEffect(() => {
    if (estimated.current) settle();
  });

  const { loadOlder } = history;
  // When the messages change, before paint (other size changes: the ResizeObserver below).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const last = messages.at(-1);
    if (lastKey.current !== undefined && last && last.key !== lastKey.current) {
      if (last.own && last.status === 'pending') {
        pinned.current = true; // one's own new message: go down to it
      } else if (!pinned.current) {
        const from = messages.findIndex((m) => m.key === lastKey.current);
        const arrived = messages.slice(from + 1).filter((m) => !m.own).length;
        if (arrived > 0) setNewBelow((n) => n + arrived); // the view stays; a button offers the way down
      }
    }
    lastKey.current = last?.key;
    settle();
    // Too few messages to scroll: fetch older ones until the view is full (or the room starts).
    if (!atStart && el.scrollHeight <= el.clientHeight + LOAD_OLDER_PX) loadOlder();
  }, [messages, atStart, loadOlder, settle]);

  // Sizes that change without a new message (rows measured, the window, the composer growing, a late font) settle too.
  useLayoutEffect(() => {
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(settle);
    if (scroller.current) observer.observe(scroller.current);
    if (content.current) observer.observe(content.current);
    return () => observer.disconnect();
  }, [settle]);

  function onScroll() {
    const el = scroller.current;
    if (!el) return;
    const own = ownScroll.current !== null && Math.abs(el.scrollTop - ownScroll.current) < 1;
    ownScroll.current = null;
    if (own) return;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < PIN_SLACK_PX;
    anchor.current = pinned.current ? null : findAnchor(el);
    // A scroll event can come before the rows for the new position are rendered: then the anchor
    // is the row on screen once they are.
    if (!pinned.current && !anchor.current) requestAnimationFrame(() => (anchor.current ??= pinned.current ? null : findAnchor(el)));
    if (pinned.current && newBelow) setNewBelow(0);
    if (el.scrollTop < LOAD_OLDER_PX) loadOlder();
  }

  const onRetry = useCallback((clientMsgId: string) => controller.retry(clientMsgId), [controller]);
  const onEditFailed = useCallback(
    (clientMsgId: string) => {
      const discarded = controller.discard(clientMsgId);
      if (discarded) onEdit(discarded.text);
    },
    [controller, onEdit],
  );

  function onFocus(event: FocusEvent) {
    focusedKey.current = (event.target as Element).closest<HTMLElement>('[data-row-key]')?.dataset.rowKey ?? null;
  }
  function onBlur(event: FocusEvent) {
    if (!event.currentTarget.contains(event.relatedTarget)) focusedKey.current = null;
  }
  // A focused row scrolled too far away was unmounted: focus goes to the list, not to the page.
  useLayoutEffect(() => {
    if (focusedKey.current === null || document.activeElement !== document.body) return;
    focusedKey.current = null;
    scroller.current?.focus({ preventScroll: true });
  });

  const items = virtualizer.getVirtualItems();
  const offset = (items[0]?.start ?? listTop) - listTop;
  return (
    <div className="messages">
      <div
        ref={scroller}
        className="messages__scroller"
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label={`Messages in ${roomLabel}`}
      >
        <div ref={content}>
          <HistoryEdge
            roomLabel={roomLabel}
            empty={messages.length === 0}
            loading={history.loading}
            error={history.error}
            atStart={history.atStart}
            onRetry={history.retry}
          />
          <div ref={listBox} className="messages__window" style={{ height: virtualizer.getTotalSize() }}>
            <ol className="messages__list" style={{ transform: `translateY(${offset}px)` }} onFocus={onFocus} onBlur={onBlur}>
              {items.map(({ index }) => {
                const row = rows[index]!;
                if (row.kind === 'unread') return <NewMessagesDivider key={row.key} rowKey={row.key} index={index} measure={virtualizer.measureElement} />;
                return row.kind === 'day' ? (
                  <DayDivider key={row.key} rowKey={row.key} at={row.at} index={index} measure={virtualizer.measureElement} />
                ) : (
                  <MessageRow
                    key={row.key}
                    index={index}
                    measure={virtualizer.measureElement}
                    message={row.message}
                    startsGroup={row.startsGroup}
                    onRetry={onRetry}
                    onEdit={onEditFailed}
                    onOpenThread={onOpenThread}
                    parent={row.message.replyTo ? byId.get(row.message.replyTo) : undefined}
                  />
                );
              })}
            </ol>
          </div>
        </div>
      </div>
      {newBelow > 0 && (
        <button type="button" className="messages__jump" onClick={scrollToBottom}>
          <ArrowDownIcon />
          {newBelow === 1 ? '1 new message' : `${newBelow} new messages`}
        </button>
      )}
    </div>
  );
}

/**
 * The message the "New messages" divider goes before: found once from the unread count the room
 * had when it opened, then kept (new messages and older pages do not move it) until the room is
 * left (the list is keyed by room). Until enough is loaded it sits at the oldest loaded candidate.
 */
function useFirstUnreadId(stored: readonly Message[], selfId: string, unreadAtOpen: number | undefined, atStart: boolean): string | null {
  const [found, setFound] = useState<string | null>(null);
  const at = useMemo(() => (found === null && unreadAtOpen !== undefined ? firstUnread(stored, selfId, unreadAtOpen) : null), [found, stored, selfId, unreadAtOpen]);
  if (at && found === null && (at.complete || atStart)) setFound(at.id);
  return found ?? at?.id ?? null;
}
