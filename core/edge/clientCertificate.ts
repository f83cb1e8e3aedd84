/**
 * Security profile 3 (mutual TLS, OCPP 2.0.1 Part 2 "Security", and the OCPP 1.6 security whitepaper): the
 * charger authenticates with a client certificate, which must be signed by a configured CA and must name the
 * charge point: its subject CN or one of its subjectAltNames (DNS, URI, e-mail, IP, …) equals the id in the URL.
 */
import type { PeerCertificate, TLSSocket } from 'node:tls';

export type ClientCertificateCheck = { ok: true; identity: string } | { ok: false; status: 401 | 403; message: string };

/** The names a certificate claims: subject CN(s), then every subjectAltName value. */
export function certificateNames(cert: PeerCertificate): string[] {
  const cn = cert.subject?.CN;
  const cns = Array.isArray(cn) ? cn : cn ? [cn] : [];
  const sans = (cert.subjectaltname ?? '')
    .split(/,\s*/)
    .map((entry) => entry.slice(entry.indexOf(':') + 1).trim())
    .filter((v) => v.length > 0);
  return [...cns, ...sans];
}

export function checkClientCertificate(socket: TLSSocket, chargePointId: string): ClientCertificateCheck {
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) {
    return { ok: false, status: 401, message: `Charge point "${chargePointId}" presented no client certificate; security profile 3 (mutual TLS) requires one` };
  }
  const names = certificateNames(cert);
  const shown = `CN=${String(cert.subject?.CN ?? '(none)')}${cert.subjectaltname ? `, SAN ${cert.subjectaltname}` : ''}`;
  if (!socket.authorized) {
    return {
      ok: false,
      status: 401,
      message: `Client certificate of "${chargePointId}" (${shown}) is not trusted: ${String(socket.authorizationError ?? 'not signed by the configured client CA')}`,
    };
  }
  const match = names.find((n) => n === chargePointId);
  if (!match) {
    return {
      ok: false,
      status: 403,
      message: `Client certificate (${shown}) does not identify charge point "${chargePointId}": neither its CN nor a subjectAltName is that id`,
    };
  }
  return { ok: true, identity: match };
}
