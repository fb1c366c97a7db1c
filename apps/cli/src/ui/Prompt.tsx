import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import TextInput from 'ink-text-input';
import { useState } from 'react';

/** The input line: what is asked, then the text being typed (masked for a password). */
export function Prompt({
  label,
  secret,
  busy,
  onSubmit,
}: {
  label: string;
  secret: boolean;
  busy: boolean;
  onSubmit: (line: string) => void;
}) {
  const [value, setValue] = useState('');
  // A fresh TextInput for every line: its cursor starts at the end of what is there, never at a
  // stale offset from the line before (keys typed right after Enter landed out of order).
  const [lineNumber, setLineNumber] = useState(0);
  // Keys typed fast or pasted come in one chunk, line ends inside the text: each line is submitted.
  const change = (next: string) => {
    const lines = next.split(/\r\n?|\n/);
    const rest = lines.pop() ?? '';
    for (const line of lines) onSubmit(line);
    if (lines.length) setLineNumber((n) => n + 1);
    setValue(rest);
  };
  return (
    <Box>
      {busy ? (
        <Text color="yellow">
          <Spinner type="dots" />{' '}
        </Text>
      ) : null}
      <Text color="cyan">{label ? `${label}: ` : '> '}</Text>
      <TextInput
        key={`${label}:${lineNumber}`}
        value={value}
        onChange={change}
        {...(secret && { mask: '*' })}
        onSubmit={(line) => {
          setValue('');
          setLineNumber((n) => n + 1);
          onSubmit(line);
        }}
      />
    </Box>
  );
}
