import type { StreamRecord } from '@sluice/mock-producer';
import { useEffect, useState } from 'react';

const pollIntervalMs = 500;

/**
 * Polls the mock producer's `/api/stats` for one stream while `active`, plus once more when it
 * stops, so the final figures show. Runs on a timer, never on the token path.
 */
export function useProducerStats(requestId: string | null, active: boolean): StreamRecord | null {
  const [record, setRecord] = useState<StreamRecord | null>(null);

  useEffect(() => {
    if (requestId === null) return;
    const controller = new AbortController();
    const poll = async () => {
      try {
        const response = await fetch(`/api/stats?id=${encodeURIComponent(requestId)}`, { signal: controller.signal });
        const stats = (await response.json()) as { streams: StreamRecord[] };
        const found = stats.streams.at(-1);
        if (found !== undefined && !controller.signal.aborted) setRecord(found);
      } catch {
        // Aborted, or the dev server went away: the next poll (if any) tries again.
      }
    };
    void poll();
    const timer = active ? setInterval(() => void poll(), pollIntervalMs) : undefined;
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [requestId, active]);

  return requestId === null ? null : record?.id === requestId ? record : null;
}
