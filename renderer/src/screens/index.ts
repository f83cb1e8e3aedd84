/**
 * The app's screens, in sidebar order. Adding a screen is one line here (e.g. engineer F's Scenarios screen:
 * `{ path: 'scenarios', title: 'Scenarios', nav: true, icon: '▶', component: Scenarios },`).
 */
import type { ScreenDef } from './registry.js';
import { Overview } from './Overview.js';
import { Chargers } from './Chargers.js';
import { ChargerDetailScreen } from './ChargerDetail.js';
import { MessageLog } from './MessageLog.js';
import { MeterGraphs } from './MeterGraphs.js';
import { Middleware } from './Middleware.js';
import { Settings } from './Settings.js';
import { Scenarios } from './Scenarios.js';
import { Transactions } from './Transactions.js';
import { Reservations } from './Reservations.js';
import { ChargingProfiles } from './ChargingProfiles.js';

export const screens: ScreenDef[] = [
  { path: 'overview', title: 'Overview', nav: true, icon: '◧', component: Overview },
  { path: 'chargers', title: 'Chargers', nav: true, icon: '⚡', component: Chargers },
  { path: 'charger', title: 'Charger', nav: false, icon: '⚡', component: ChargerDetailScreen },
  { path: 'transactions', title: 'Transactions', nav: true, icon: '⇆', component: Transactions },
  { path: 'reservations', title: 'Reservations', nav: true, icon: '◷', component: Reservations },
  { path: 'profiles', title: 'Charging profiles', nav: true, icon: '▤', component: ChargingProfiles },
  { path: 'messages', title: 'Message log', nav: true, icon: '☰', component: MessageLog },
  { path: 'meters', title: 'Meter graphs', nav: true, icon: '∿', component: MeterGraphs },
  { path: 'middleware', title: 'Middleware', nav: true, icon: '⇄', component: Middleware },
  { path: 'scenarios', title: 'Scenarios', nav: true, icon: '▶', component: Scenarios },
  { path: 'settings', title: 'Settings', nav: true, icon: '⚙', component: Settings },
];
