// Whether anything answers HTTP at the API's address, before asking for a password.
import { isUnreachable } from './errors.ts';

export async function serverAnswers(apiUrl: string, timeoutMs = 5_000): Promise<boolean> {
  try {
    // Any HTTP answer (tRPC's 404 for the bare endpoint too) means a server is there.
    const response = await fetch(apiUrl, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return true;
  } catch (err) {
    if (isUnreachable(err) || (err as Error).name === 'TimeoutError') return false;
    throw err;
  }
}
