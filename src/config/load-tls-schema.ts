/**
 * The scenario's `load.tls` block (docs/engine.md, HTTPS in bench run): which certificates the
 * entry serves and the agents trust, and how the fields go together. Cross-field rules with the
 * rest of the scenario (protocol, features) are in scenario-schema.ts.
 */
import * as z from 'zod';

/** A PEM file named in a scenario: relative paths are read from the scenario file's folder. */
const pemFileField = z.string().min(1, 'must be a file path');

/**
 * `load.tls`: the entry service is served over TLS and the agents speak https:// to it
 * (docs/engine.md, HTTPS in bench run). Two ways to get the certificates:
 * - none given (local platform only): the run's own throwaway CA issues the entry's certificate
 *   (and the agents' client certificate with `requireClientCertificate`), and the agents trust it;
 * - `serverCertFile`/`serverKeyFile` (your own PKI, any platform): what the entry serves; `caFile`
 *   is what the agents trust (or `insecure`), and with `requireClientCertificate` the agents
 *   present `certFile`/`keyFile` and the entry checks them against `clientCaFile`.
 */
export const LoadTlsSpecSchema = z
  .object({
    /** SNI the agents send and the name the entry's certificate must match; default: the entry's host name. */
    servername: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i, 'must be a DNS host name (SNI cannot carry an IP address, RFC 6066 §3)')
      .refine((name) => !/^[0-9.]+$/.test(name), 'must be a DNS host name, not an IP address (SNI cannot carry one, RFC 6066 §3)')
      .optional(),
    /** The entry asks for a client certificate and refuses a handshake without a valid one (mutual TLS). */
    requireClientCertificate: z.boolean().optional(),
    /** Certificate chain and private key the entry serves (PEM); absent: issued by the run (local only). */
    serverCertFile: pemFileField.optional(),
    serverKeyFile: pemFileField.optional(),
    /** CAs the agents trust, instead of the system's (PEM, like curl --cacert). */
    caFile: pemFileField.optional(),
    /** Client certificate and key the agents present (PEM), with requireClientCertificate. */
    certFile: pemFileField.optional(),
    keyFile: pemFileField.optional(),
    /** CAs the entry checks client certificates against (PEM), with requireClientCertificate. */
    clientCaFile: pemFileField.optional(),
    /** Agents skip verifying the entry's certificate. Off unless asked for. */
    insecure: z.boolean().optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const issue = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
    const pair = (a: keyof typeof t, b: keyof typeof t) => {
      if (t[a] !== undefined && t[b] === undefined) issue(a, `${a} needs ${b} (the key of the certificate, or the certificate of the key)`);
    };
    pair('serverCertFile', 'serverKeyFile');
    pair('serverKeyFile', 'serverCertFile');
    pair('certFile', 'keyFile');
    pair('keyFile', 'certFile');
    const ownPki = t.serverCertFile !== undefined || t.serverKeyFile !== undefined;
    const mutual = t.requireClientCertificate === true;
    if (!ownPki) {
      for (const f of ['caFile', 'certFile', 'keyFile', 'clientCaFile'] as const) {
        if (t[f] !== undefined) issue(f, `${f} goes with serverCertFile and serverKeyFile (your own certificates); without them the run issues every certificate itself`);
      }
      return;
    }
    if (t.insecure === true && t.caFile !== undefined) issue('caFile', 'caFile is not read with insecure: true (nothing is verified); keep one of them');
    if (t.insecure !== true && t.caFile === undefined) issue('serverCertFile', 'with your own serverCertFile the agents need caFile (the CA that signed it), or insecure: true');
    for (const f of ['certFile', 'clientCaFile'] as const) {
      if (mutual && t[f] === undefined) issue(f, `requireClientCertificate: true with your own certificates needs ${f}`);
    }
    for (const f of ['certFile', 'keyFile', 'clientCaFile'] as const) {
      if (!mutual && t[f] !== undefined) issue(f, `${f} goes with requireClientCertificate: true (the entry asks for no client certificate otherwise)`);
    }
  });

/** True when a scenario's load.tls names its own certificates (else the run issues them, on the local platform). */
export function usesOwnCertificates(tls: LoadTlsSpec): boolean {
  return tls.serverCertFile !== undefined;
}

/** The file fields of `load.tls`, each a PEM file path. */
export const LOAD_TLS_FILE_FIELDS = ['serverCertFile', 'serverKeyFile', 'caFile', 'certFile', 'keyFile', 'clientCaFile'] as const;

export type LoadTlsSpec = z.output<typeof LoadTlsSpecSchema>;
