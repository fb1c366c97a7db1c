import { Box, Static, Text, useApp } from 'ink';
import { useEffect, useSyncExternalStore } from 'react';
import { promptOf, type ChatSession, type Tone } from '../session.ts';
import { Prompt } from './Prompt.tsx';
import { StatusBar } from './StatusBar.tsx';

const colors: Record<Tone, string | undefined> = { message: undefined, mine: 'cyan', change: 'gray', notice: 'yellow', error: 'red' };

/**
 * The transcript (printed once, line by line, so it scrolls like any terminal output), then the
 * status and the prompt. `typing` false: lines come from a pipe, not from keys (no prompt).
 */
export function App({ session, typing }: { session: ChatSession; typing: boolean }) {
  const state = useSyncExternalStore(session.store.subscribe, session.store.get);
  const { exit } = useApp();
  const finished = state.step.name === 'done';
  useEffect(() => {
    if (finished) exit();
  }, [finished, exit]);
  const prompt = promptOf(state.step);
  return (
    <>
      <Static items={state.log}>
        {(line) => (
          <Text key={line.id} {...(colors[line.tone] && { color: colors[line.tone] })}>
            {line.text}
          </Text>
        )}
      </Static>
      {finished ? null : (
        <Box flexDirection="column">
          <StatusBar state={state} />
          {typing ? <Prompt label={prompt.label} secret={prompt.secret} busy={state.busy} onSubmit={session.submit} /> : null}
        </Box>
      )}
    </>
  );
}
