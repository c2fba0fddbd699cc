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
