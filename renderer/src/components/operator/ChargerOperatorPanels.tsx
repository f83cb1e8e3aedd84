/**
 * The operator's panels on a charger's page: registry, reservations, charging profiles, then configuration (1.6)
 * or the device model and the charger's events (2.0.1).
 */
import type { ChargerDetail } from '../../../../core/api/types.js';
import { ChargerEventsPanel } from '../deviceModel/ChargerEventsPanel.js';
import { DeviceModelPanel } from '../deviceModel/DeviceModelPanel.js';
import { ChargingProfilesPanel } from './ChargingProfilesPanel.js';
import { ConfigurationPanel } from './ConfigurationPanel.js';
import { RegistryPanel } from './RegistryPanel.js';
import { ReservationsPanel } from './ReservationsPanel.js';

export function ChargerOperatorPanels({ charger, reload }: { charger: ChargerDetail; reload: () => Promise<void> }) {
  return (
    <>
      <RegistryPanel charger={charger} reload={reload} />
      <ReservationsPanel charger={charger} />
      <ChargingProfilesPanel charger={charger} />
      {charger.protocol === 'ocpp2.0.1' ? (
        <>
          <DeviceModelPanel charger={charger} />
          <ChargerEventsPanel charger={charger} />
        </>
      ) : (
        <ConfigurationPanel charger={charger} />
      )}
    </>
  );
}
