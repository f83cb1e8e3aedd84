/** The operator's panels on a charger's page: registry, reservations, charging profiles, configuration. */
import type { ChargerDetail } from '../../../../core/api/types.js';
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
      <ConfigurationPanel charger={charger} />
    </>
  );
}
