/**
 * One TLS summary from several engines (the threads of one agent, the agents of one repetition):
 * each version and cipher listed once, handshakes and resumed sessions summed. Pure.
 */
import type { AgentTlsStats } from '../plan/agent-protocol.ts';

export function mergeTlsStats(parts: readonly (AgentTlsStats | null | undefined)[]): AgentTlsStats | null {
  const present = parts.filter((p): p is AgentTlsStats => p != null);
  if (present.length === 0) return null;
  const unique = (f: (p: AgentTlsStats) => string) => [...new Set(present.flatMap((p) => f(p).split(', ')))].join(', ');
  return {
    version: unique((p) => p.version),
    cipher: unique((p) => p.cipher),
    handshakes: present.reduce((s, p) => s + p.handshakes, 0),
    resumedSessions: present.reduce((s, p) => s + p.resumedSessions, 0),
  };
}

/**
 * What TLS the agents negotiated over a whole run, in one line for summaries and reports (e.g.
 * `TLSv1.3 TLS_AES_256_GCM_SHA384; 8 handshakes, 4 resumed`), or null for an http:// target.
 * Every repetition keeps its own in `generator.tls`.
 */
export function describeRunTls(repetitions: readonly { generator: { tls?: AgentTlsStats | undefined } }[]): string | null {
  const merged = mergeTlsStats(repetitions.map((r) => r.generator.tls));
  if (!merged) return null;
  return `${merged.version} ${merged.cipher}; ${merged.handshakes} handshake${merged.handshakes === 1 ? '' : 's'}, ${merged.resumedSessions} resumed`;
}
