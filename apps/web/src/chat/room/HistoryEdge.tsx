interface HistoryEdgeProps {
  /** How text names the room: "#design", or a DM's people. */
  roomLabel: string;
  empty: boolean;
  loading: 'latest' | 'older' | null;
  error: string | null;
  /** The room's first message is loaded. */
  atStart: boolean;
  onRetry: () => void;
}

/** The top of the message list: loading, a failed load, or the start of the room. */
export function HistoryEdge({ roomLabel, empty, loading, error, atStart, onRetry }: HistoryEdgeProps) {
  if (error) {
    return (
      <div className="history-edge history-edge--error" role="alert">
        <p>{error}</p>
        <button type="button" className="button button--small" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (loading) {
    return (
      <div className="history-edge" role="status">
        <span className="spinner" aria-hidden="true" />
        {loading === 'latest' ? 'Loading messages…' : 'Loading earlier messages…'}
      </div>
    );
  }
  if (atStart) {
    return (
      <div className="history-edge history-edge--start">
        <span className="history-edge__badge" aria-hidden="true">
          #
        </span>
        <h2>Welcome to {roomLabel}</h2>
        <p>{empty ? 'No messages yet. Say hello!' : `This is the very beginning of ${roomLabel}.`}</p>
      </div>
    );
  }
  return <div className="history-edge history-edge--more" aria-hidden="true" />;
}
