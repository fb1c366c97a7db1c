// tRPC over plain HTTP, as any client can call it: the browser tests' way to act as another
// person, or to check what the server says.
import { expect } from 'vitest';

export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** One procedure call: a query is a GET with `?input=`, a mutation a POST. */
export async function callApi(
  apiUrl: string,
  path: string,
  input: unknown,
  options: { token?: string; method?: 'GET' | 'POST' } = {},
): Promise<ApiAnswer> {
  const headers = { 'content-type': 'application/json', ...(options.token && { authorization: `Bearer ${options.token}` }) };
  const response =
    options.method === 'GET'
      ? await fetch(`${apiUrl}/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(`${apiUrl}/${path}`, { method: 'POST', headers, body: JSON.stringify(input) });
  return { status: response.status, body: await response.json() };
}

/** A mutation that must succeed: its data (the test fails with the server's answer otherwise). */
export async function mutateApi<T>(apiUrl: string, path: string, input: unknown, token?: string): Promise<T> {
  const { status, body } = await callApi(apiUrl, path, input, { token });
  expect(status, `${path}: ${JSON.stringify(body)}`).toBe(200);
  return (body as { result: { data: T } }).result.data;
}
