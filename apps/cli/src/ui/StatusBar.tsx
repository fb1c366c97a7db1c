import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { statusText } from '../format.ts';
import type { SessionState } from '../session.ts';

/** Who, where, and the connection's state, above the prompt. */
export function StatusBar({ state }: { state: SessionState }) {
  if (!state.user) return null;
  const { status } = state;
  const color = status === 'live' ? 'green' : status === 'connecting' ? 'yellow' : 'red';
  return (
    <Box gap={1}>
      <Text bold>{state.room ?? 'no room'}</Text>
      <Text dimColor>· {state.user.username} ·</Text>
      {status === 'connecting' || status === 'reconnecting' ? (
        <Text color={color}>
          <Spinner type="dots" />
        </Text>
      ) : (
        <Text color={color}>●</Text>
      )}
      <Text color={color}>{statusText(status)}</Text>
    </Box>
  );
}
