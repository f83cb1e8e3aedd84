/**
 * What the edge needs to know about a charger before accepting its websocket: is it known, its password
 * hash (security profile 1) and its ping policy. The backend's store provides this in `serve`; a standalone
 * edge reads it from a file (see loadChargerDirectoryFile).
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { PROTOCOL_VERSIONS, isProtocolVersion, type ProtocolVersion } from '../ocpp/protocol.js';

export interface ChargerEntry {
  /** scrypt hash from passwords.ts; when set, the charger must authenticate with HTTP Basic auth. */
  passwordHash?: string;
  /** Websocket ping interval in seconds for this charger; 0 turns pings off (Grizzl-E's broken pongs). */
  pingIntervalSec?: number;
  /** The OCPP version this charger speaks: used when it offers no subprotocol, and chosen when it offers it. */
  protocol?: ProtocolVersion;
}

export interface ChargerDirectory {
  /** The entry for a known charger, or undefined when the id is unknown. */
  lookup(chargePointId: string): Promise<ChargerEntry | undefined> | ChargerEntry | undefined;
}

export function staticChargerDirectory(entries: Record<string, ChargerEntry>): ChargerDirectory {
  const map = new Map(Object.entries(entries));
  return { lookup: (id) => map.get(id) };
}

/** Reads `{ chargers: { CP1: { passwordHash, pingIntervalSec, protocol } } }` (JSON or YAML). */
export async function loadChargerDirectoryFile(path: string): Promise<ChargerDirectory> {
  const text = await readFile(path, 'utf8');
  const doc = parseYaml(text) as unknown;
  const chargers = (doc as { chargers?: unknown } | null)?.chargers;
  if (typeof chargers !== 'object' || chargers === null || Array.isArray(chargers)) {
    throw new Error(`${path}: expected an object "chargers" mapping charge point ids to { passwordHash?, pingIntervalSec?, protocol? }`);
  }
  const entries: Record<string, ChargerEntry> = {};
  for (const [id, value] of Object.entries(chargers as Record<string, unknown>)) {
    const v = (value ?? {}) as Record<string, unknown>;
    const entry: ChargerEntry = {};
    if (v.passwordHash !== undefined) {
      if (typeof v.passwordHash !== 'string') throw new Error(`${path}: chargers.${id}.passwordHash must be a string`);
      entry.passwordHash = v.passwordHash;
    }
    if (v.pingIntervalSec !== undefined) {
      if (typeof v.pingIntervalSec !== 'number' || v.pingIntervalSec < 0) {
        throw new Error(`${path}: chargers.${id}.pingIntervalSec must be a number of seconds >= 0`);
      }
      entry.pingIntervalSec = v.pingIntervalSec;
    }
    if (v.protocol !== undefined) {
      if (!isProtocolVersion(v.protocol)) throw new Error(`${path}: chargers.${id}.protocol must be one of ${PROTOCOL_VERSIONS.join(', ')}`);
      entry.protocol = v.protocol;
    }
    entries[id] = entry;
  }
  return staticChargerDirectory(entries);
}
